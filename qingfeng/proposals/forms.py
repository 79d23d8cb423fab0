"""Forms of the staff pages: merge, assign (交办), progress, reply, the member's rating, the categories."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from qingfeng.core.forms import DATE, CheckedFiles, bootstrap
from qingfeng.core.permissions import visible_to
from qingfeng.core.workflow import WorkflowError
from qingfeng.orgs.models import Org

from .filters import by_number
from .models import Category, Proposal

SEPARATORS = re.compile(r"[\s,，、;；]+")


def refused_on_form(action):
    """`form_page`'s save for a workflow step: `action(form)`, and a step the workflow refuses shown on the form."""

    def save(form):
        try:
            return action(form)
        except WorkflowError as error:
            raise ValidationError(error.message) from None

    return save


class BootstrapForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)


class MergeForm(BootstrapForm):
    """合并: into another item of the same office, named by its number; the reason reaches the submitter."""

    target = forms.CharField(label="并入事项编号", max_length=20,
                             help_text="例如 2026-00042：本单位受理的、未合并的事项")
    reason = forms.CharField(label="合并说明（提交人可见）", max_length=500, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="不填则写“与某号事项内容相同，合并办理”")

    def __init__(self, *args, user, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.proposal = user, proposal

    def clean_target(self):
        text = self.cleaned_data["target"].strip()
        items = visible_to(self.user, Proposal, "intake_proposals").filter(office=self.proposal.office)
        target = by_number(items, text)
        if target is None:
            raise ValidationError(f"本单位受理的事项中没有编号为「{text}」的事项")
        if target.pk == self.proposal.pk:
            raise ValidationError("不能并入事项本身")
        return target


def parse_units(text: str) -> list[str]:
    return [token for token in SEPARATORS.split(text.strip()) if token]


class AssignForm(BootstrapForm):
    """交办: the lead unit (主办) and co-units (协办), orgs of the office's tree (not 党小组) typed by 组织编码 or full
    name and looked up on the server (a region has thousands of orgs: no list to scroll); the deadline."""

    lead_unit = forms.CharField(label="主办单位", max_length=100, help_text="填写组织编码或完整名称")
    co_units = forms.CharField(label="协办单位", max_length=1000, required=False,
                               help_text="可填多个，用逗号、顿号或空格分隔；填写组织编码或完整名称")
    deadline = forms.DateField(label="办理时限", widget=DATE)
    note = forms.CharField(label="交办说明", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.proposal = user, proposal

    def units(self):
        # the office's subtree, as far as the user sees it (the office's own managers see all of it)
        return (visible_to(self.user, Org).filter(path__startswith=self.proposal.office.path, is_active=True)
                .exclude(kind=Org.Kind.GROUP))

    def lookup(self, tokens: list[str]) -> tuple[dict[str, Org], list[str]]:
        """Each token's org (by code, else by name), in one query; and the errors for the unknown or ambiguous."""
        found = list(self.units().filter(Q(code__in=tokens) | Q(name__in=tokens)).order_by("path"))
        by_code = {org.code: org for org in found}
        orgs, errors = {}, []
        for token in tokens:
            named = [org for org in found if org.name == token]
            if token in by_code:
                orgs[token] = by_code[token]
            elif len(named) == 1:
                orgs[token] = named[0]
            elif named:
                codes = "、".join(org.code for org in named)
                errors.append(f"有 {len(named)} 个组织名为「{token}」，请改填组织编码（{codes}）")
            else:
                errors.append(f"找不到组织「{token}」：请填写{self.proposal.office.name}所辖组织的组织编码或完整名称")
        return orgs, errors

    def clean_lead_unit(self):
        token = self.cleaned_data["lead_unit"].strip()
        orgs, errors = self.lookup([token])
        if errors:
            raise ValidationError(errors)
        return orgs[token]

    def clean_co_units(self):
        tokens = parse_units(self.cleaned_data["co_units"])
        orgs, errors = self.lookup(tokens)
        if errors:
            raise ValidationError(errors)
        return list({orgs[token].pk: orgs[token] for token in tokens}.values())

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise ValidationError(f"办理时限不能早于今天（{timezone.localdate():%Y-%m-%d}）")
        return deadline

    def clean(self):
        cleaned = super().clean()
        lead = cleaned.get("lead_unit")
        if lead is not None and any(unit.pk == lead.pk for unit in cleaned.get("co_units") or ()):
            self.add_error("co_units", f"{lead.name}已是主办单位，不能同时协办")
        return cleaned


class ProgressForm(BootstrapForm):
    text = forms.CharField(label="办理进展", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    public = forms.BooleanField(label="向提交人公开（提交人在进度查询中可见）", required=False)
    files = CheckedFiles(label="附件", required=False)


class ReplyForm(BootstrapForm):
    text = forms.CharField(label="答复意见", max_length=10000, widget=forms.Textarea(attrs={"rows": 8}),
                           help_text="主办单位的正式答复，提交人可见；请一并说明协办单位的办理情况")
    files = CheckedFiles(label="附件", required=False)


class RateForm(BootstrapForm):
    value = forms.ChoiceField(label="满意度", choices=Proposal.Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label="评价意见", max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(BootstrapForm):
    internal_note = forms.CharField(label="内部备注（不公开）", max_length=5000, required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}))


class CategoryForm(BootstrapForm):
    name = forms.CharField(label="类别名称", max_length=20)

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError("请填写类别名称")
        same = Category.objects.filter(name=name)
        if self.instance is not None:
            same = same.exclude(pk=self.instance.pk)
        if same.exists():
            raise ValidationError(f"已有类别「{name}」")
        return name
