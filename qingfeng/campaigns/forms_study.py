"""Forms of the member-side 学 · 查 pages: study activities, attendance, reflections,
self-inspection and the commitment."""

from types import SimpleNamespace

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from qingfeng.core.forms import DATE, bootstrap
from qingfeng.core.permissions import visible_to
from qingfeng.core.uploads import ALLOWED_LABEL, check_upload
from qingfeng.orgs.models import Org

from .models import InspectionAnswer, Reflection, StudyActivity
from .services import SECTIONS, inspection_gaps


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; cleans to a list (empty when none was chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(u, initial) for u in uploads if u]


def recording_orgs(user, campaign):
    """The branches inside the campaign where the user may record study."""
    return (visible_to(user, Org, "record_study")
            .filter(kind=Org.Kind.BRANCH, path__startswith=campaign.org.path).order_by("path"))


class StudyActivityForm(forms.ModelForm):
    materials = MultipleFileField(label="学习材料", required=False)

    class Meta:
        model = StudyActivity
        fields = ["org", "kind", "date", "topic", "summary"]
        widgets = {"date": DATE, "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = recording_orgs(user, campaign)
        self.fields["org"].empty_label = None
        self.fields["kind"].choices = [("", "请选择形式"), *StudyActivity.Kind.choices]
        self.fields["date"].initial = timezone.localdate()
        self.fields["materials"].help_text = (
            f"可多选；{ALLOWED_LABEL}，每个不超过 {settings.UPLOAD_MAX_BYTES // 1024 // 1024} MB")
        bootstrap(self)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise ValidationError("学习日期不能晚于今天")
        return date

    def clean_materials(self):
        """Each file checked by its content; the errors name every bad file."""
        checked, errors = [], []
        for upload in self.cleaned_data["materials"]:
            try:
                checked.append((upload, check_upload(upload)))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return checked


class AttendanceForm(forms.Form):
    """One row per member: present, or absent with a reason."""

    def __init__(self, *args, members, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for member in self.members:
            record = current.get(member.pk)
            self.fields[f"present_{member.pk}"] = forms.BooleanField(
                label=member.name, required=False, initial=record.present if record else True)
            self.fields[f"reason_{member.pk}"] = forms.CharField(
                label=f"{member.name}的缺席原因", required=False, max_length=200,
                initial=record.absence_reason if record else "")
        bootstrap(self)

    def clean(self):
        cleaned = super().clean()
        for member in self.members:
            if not cleaned.get(f"present_{member.pk}") and not cleaned.get(f"reason_{member.pk}", "").strip():
                self.add_error(f"reason_{member.pk}", f"「{member.name}」缺席，请填写缺席原因")
        return cleaned

    def rows(self):
        return [SimpleNamespace(member=m, present=self[f"present_{m.pk}"], reason=self[f"reason_{m.pk}"])
                for m in self.members]

    def attendance(self):
        """(member, present, absence reason) for every row of a valid form."""
        result = []
        for member in self.members:
            present = self.cleaned_data[f"present_{member.pk}"]
            reason = "" if present else self.cleaned_data[f"reason_{member.pk}"].strip()
            result.append((member, present, reason))
        return result


class ReflectionForm(forms.ModelForm):
    class Meta:
        model = Reflection
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class SelfInspectionForm(forms.Form):
    """Every checklist item (answer, description, example, dimension) and the written sections.

    A draft keeps whatever was typed; submitting also asks `services.inspection_gaps`
    what is missing, so the form and the service agree on what "complete" means.
    """

    def __init__(self, *args, user, inspection, items, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.inspection = inspection
        self.items = list(items)
        self.submitting = submitting
        self.dimensions = inspection.campaign.get_dimensions()
        answers = {a.item_id: a for a in visible_to(user, inspection.answers.all())} if inspection.pk else {}
        dimension_choices = [("", "请选择维度"), *((d, d) for d in self.dimensions)]
        for item in self.items:
            saved = answers.get(item.pk)
            key = item.pk
            self.fields[f"answer_{key}"] = forms.ChoiceField(
                label=f"{item.code} 对照结果", required=False, choices=InspectionAnswer.Answer.choices,
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                initial=saved.answer if saved else None)
            self.fields[f"description_{key}"] = forms.CharField(
                label="问题描述", required=False, initial=saved.description if saved else "",
                widget=forms.Textarea(attrs={"rows": 3, "placeholder": "存在或部分存在时必填：具体是什么问题"}))
            self.fields[f"example_{key}"] = forms.CharField(
                label="具体事例", required=False, initial=saved.example if saved else "",
                widget=forms.Textarea(attrs={"rows": 2, "placeholder": "比如：……"}))
            self.fields[f"dimension_{key}"] = forms.ChoiceField(
                label="所属维度", required=False, choices=dimension_choices,
                initial=saved.dimension if saved else "")
        for name, label in SECTIONS.items():
            self.fields[name] = forms.CharField(
                label=label, required=False, initial=getattr(inspection, name),
                widget=forms.Textarea(attrs={"rows": 6}))
        bootstrap(self)

    def clean(self):
        cleaned = super().clean()
        if self.submitting and not self.errors:
            for key, message in inspection_gaps(self.items, self.answers(), self.sections(),
                                                self.dimensions).items():
                self.add_error(key, message)
        return cleaned

    def answers(self) -> dict[int, dict]:
        data = self.cleaned_data
        return {item.pk: {name: (data.get(f"{name}_{item.pk}") or "").strip()
                          for name in ("answer", "description", "example", "dimension")}
                for item in self.items}

    def sections(self) -> dict[str, str]:
        return {name: (self.cleaned_data.get(name) or "").strip() for name in SECTIONS}

    def grouped(self):
        """[(category, [row, ...]), ...] with each row's bound fields, in checklist order."""
        groups = []
        for item in self.items:
            if not groups or groups[-1][0] != item.category:
                groups.append((item.category, []))
            groups[-1][1].append(SimpleNamespace(
                item=item, answer=self[f"answer_{item.pk}"],
                details=[self[f"{name}_{item.pk}"] for name in ("description", "example", "dimension")]))
        return groups

    def section_fields(self):
        return [self[name] for name in SECTIONS]


class CommitmentForm(forms.Form):
    name = forms.CharField(label="签名（请输入本人姓名）", max_length=50)
    confirm = forms.BooleanField(label="我已认真阅读以上承诺内容，自愿作出承诺并接受监督",
                                 error_messages={"required": "请勾选确认"})

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        bootstrap(self)

    def clean_name(self):
        name = "".join(self.cleaned_data["name"].split())
        if name != "".join(self.member.name.split()):
            raise ValidationError("签名须与您在党员档案中的姓名一致")
        return self.member.name
