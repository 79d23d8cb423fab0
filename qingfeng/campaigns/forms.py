"""Forms of the campaign and problem-list pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from qingfeng.core.forms import DATE, BootstrapMixin, bootstrap
from qingfeng.core.permissions import visible_to
from qingfeng.orgs.models import Org

from .models import DEFAULT_DIMENSIONS, Campaign, Checklist, KeyTask, Phase

PHASES = Phase.Kind.choices  # in their order: 学, 查, 改, 总结
DIMENSION_MAX = 50  # Problem.dimension
TASK_MAX = 200  # KeyTask.title


def latest_checklists():
    """The newest version of each list: the ones offered to a new campaign."""
    newer = Checklist.objects.filter(code=OuterRef("code"), version__gt=OuterRef("version"))
    return Checklist.objects.filter(~Exists(newer))


class CampaignForm(BootstrapMixin, forms.ModelForm):
    """The campaign, its four phases and its 规定动作, saved together."""

    dimensions = forms.CharField(
        label="对照检查维度", required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "\n".join(DEFAULT_DIMENSIONS)}),
        help_text=f"每行一个；留空则使用默认维度：{'、'.join(DEFAULT_DIMENSIONS)}")
    required_tasks = forms.CharField(
        label="规定动作", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一项，各组织都要完成；各组织的自选动作在专项工作页面添加")

    class Meta:
        model = Campaign
        fields = ["title", "kind", "org", "checklist", "commitment_text",
                  "remind_days_before", "escalate_after_days"]
        widgets = {"commitment_text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        campaign = self.instance
        self.fields["org"].queryset = (
            visible_to(user, Org, "launch").exclude(kind=Org.Kind.GROUP).order_by("path"))
        self.fields["checklist"].queryset = Checklist.objects.filter(
            Q(pk__in=latest_checklists()) | Q(pk=campaign.checklist_id)).order_by("code", "-version")
        self.fields["checklist"].empty_label = "（暂不选择，启动前须选定）"
        self.fields["checklist"].help_text = "问题清单库中各清单的最新版本"
        # The model's help text reads 逾期 M 天: say the days, this campaign's (or the default of a new one).
        days = campaign.escalate_after_days
        self.fields["escalate_after_days"].help_text = (
            f"逾期当天催办；逾期满这个天数督办，满两倍建议约谈（现为逾期 {days} 天督办、逾期 {2 * days} 天建议约谈）")
        if campaign.pk and campaign.status != Campaign.Status.DRAFT:
            # Answers already point at this version's items, records at orgs of this subtree.
            self.fields["checklist"].disabled = True
            self.fields["checklist"].help_text = "专项工作已启动，问题清单不能更换"
            self.fields["org"].disabled = True
            self.fields["org"].help_text = "专项工作已启动，开展范围不能更改"
        self.phase_fields = []
        existing = {p.kind: p for p in campaign.phases.all()} if campaign.pk else {}
        for kind, label in PHASES:
            phase = existing.get(kind)
            for end, word in (("start", "开始日期"), ("end", "结束日期")):
                name = f"{kind}_{end}"
                self.fields[name] = forms.DateField(
                    label=f"「{label}」阶段{word}", required=False, widget=DATE,
                    initial=getattr(phase, end, None))
            self.phase_fields.append((label, self[f"{kind}_start"], self[f"{kind}_end"]))
        bootstrap(self)  # again: the phase dates were added after BootstrapMixin styled the fields
        if campaign.pk:
            self.initial.setdefault("dimensions", "\n".join(campaign.dimensions))
            self.initial.setdefault("required_tasks", "\n".join(
                t.title for t in visible_to(user, campaign.key_tasks.filter(required=True))))

    def main_fields(self):
        phase_names = {f"{kind}_{end}" for kind, _ in PHASES for end in ("start", "end")}
        return [self[name] for name in self.fields if name not in phase_names]

    def clean_dimensions(self):
        lines = _lines(self.cleaned_data["dimensions"])
        for number, line in enumerate(lines, start=1):
            if len(line) > DIMENSION_MAX:
                raise ValidationError(f"第 {number} 行「{line[:10]}…」超过 {DIMENSION_MAX} 字")
        return list(dict.fromkeys(lines))

    def clean_required_tasks(self):
        lines = _lines(self.cleaned_data["required_tasks"])
        for number, line in enumerate(lines, start=1):
            if len(line) > TASK_MAX:
                raise ValidationError(f"第 {number} 行「{line[:10]}…」超过 {TASK_MAX} 字")
        return list(dict.fromkeys(lines))

    def clean(self):
        cleaned = super().clean()
        previous = None
        for kind, label in PHASES:
            start, end = cleaned.get(f"{kind}_start"), cleaned.get(f"{kind}_end")
            if f"{kind}_start" in self.errors or f"{kind}_end" in self.errors:
                continue
            if bool(start) != bool(end):
                missing = f"{kind}_end" if start else f"{kind}_start"
                self.add_error(missing, f"「{label}」阶段请同时填写开始日期和结束日期")
                continue
            if not start:
                continue
            if start > end:
                self.add_error(f"{kind}_end", f"「{label}」阶段的结束日期不能早于开始日期")
            if previous and start < previous[1]:
                self.add_error(f"{kind}_start",
                               f"「{label}」阶段的开始日期不能早于「{previous[0]}」阶段的开始日期")
            previous = (label, start)
        return cleaned

    def phase_dates(self) -> dict[str, tuple]:
        return {kind: (self.cleaned_data[f"{kind}_start"], self.cleaned_data[f"{kind}_end"])
                for kind, _ in PHASES if self.cleaned_data.get(f"{kind}_start")}

    @transaction.atomic
    def save(self, commit=True):
        campaign = super().save(commit=False)
        campaign.dimensions = self.cleaned_data["dimensions"]
        campaign.save()
        dates = self.phase_dates()
        existing = {p.kind: p for p in campaign.phases.all()}
        for kind, phase in existing.items():
            if kind not in dates:
                phase.delete()
        for kind, (start, end) in dates.items():
            phase = existing.get(kind) or Phase(campaign=campaign, kind=kind)
            if (phase.start, phase.end) != (start, end):
                phase.start, phase.end = start, end
                phase.save()
        titles = self.cleaned_data["required_tasks"]
        kept = {t.title: t for t in visible_to(self.user, campaign.key_tasks.filter(required=True), "launch")}
        visible_to(self.user, campaign.key_tasks.filter(
            pk__in=[t.pk for title, t in kept.items() if title not in titles]), "launch").delete()
        campaign.key_tasks.bulk_create([KeyTask(campaign=campaign, title=t, required=True)
                                        for t in titles if t not in kept])
        return campaign


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class OptionalTaskForm(BootstrapMixin, forms.ModelForm):
    """自选动作: a task one org chooses for itself."""

    class Meta:
        model = KeyTask
        fields = ["org", "title", "description"]
        labels = {"org": "组织", "title": "自选动作"}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["org"].required = True
        self.fields["org"].empty_label = None


class ChecklistImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label="清单文件", help_text="YAML（.yaml、.yml）或 Excel（.xlsx）",
                           widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,.xlsx"}))
    code = forms.SlugField(label="清单编码", required=False, max_length=64,
                           help_text="仅导入 Excel 时填写（YAML 文件自带编码）；编码已存在时作为新版本导入")
    title = forms.CharField(label="清单名称", required=False, max_length=200,
                            help_text="仅导入 Excel 时填写")
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text="仅导入 Excel 时填写")
