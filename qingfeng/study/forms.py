"""Forms of the 学 pages: study activities with their materials, attendance, reflections."""

from types import SimpleNamespace

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from qingfeng.core.forms import DATE, bootstrap
from qingfeng.core.permissions import visible_to
from qingfeng.core.uploads import ALLOWED_LABEL, check_upload
from qingfeng.orgs.models import Org

from .models import Reflection, StudyActivity


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
