"""Forms of the 查 pages: the self-inspection and the commitment."""

from types import SimpleNamespace

from django import forms
from django.core.exceptions import ValidationError

from qingfeng.core.forms import bootstrap
from qingfeng.core.permissions import visible_to

from .models import InspectionAnswer
from .workflow import SECTIONS, inspection_gaps

FINDING_DETAILS = ("description", "example", "dimension")  # what an item answered 存在 / 部分存在 says


class SelfInspectionForm(forms.Form):
    """Every checklist item (answer, description, example, dimension) and the written sections.

    A draft keeps whatever was typed; submitting also asks `workflow.inspection_gaps`
    what is missing, so the form and the workflow agree on what "complete" means.
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
        # An item switched to 未发现 keeps no description, example or dimension: the page hides them, so
        # whatever was typed before the switch must not be saved under 未发现.
        for item in self.items:
            if cleaned.get(f"answer_{item.pk}") == InspectionAnswer.Answer.NOT_FOUND:
                for name in FINDING_DETAILS:
                    cleaned[f"{name}_{item.pk}"] = ""
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
                details=[self[f"{name}_{item.pk}"] for name in FINDING_DETAILS]))
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
