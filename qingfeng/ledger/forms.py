from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from qingfeng.campaigns.models import ChecklistItem
from qingfeng.core.forms import DATE, BootstrapMixin
from qingfeng.core.permissions import can, grants, visible_to
from qingfeng.core.uploads import ALLOWED_LABEL, check_upload
from qingfeng.orgs.models import Member, Org

from .models import Problem, Rectification


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, member):
        cadre = "·关键少数" if member.is_leading_cadre else ""
        return f"{member.name}（{member.org.name}{cadre}）"


class ProblemForm(BootstrapMixin, forms.ModelForm):
    """Register a problem from a source other than 自己找, against a member or an org."""

    # Member choices (here and below) are the user's, through visible_to, set in __init__.
    member = MemberChoiceField(label="涉及党员", queryset=None, required=False,
                               empty_label="（不针对个人，针对组织）",
                               help_text="须是所属组织范围内的党员；问题针对组织时留空")
    dimension = forms.ChoiceField(label="维度", required=False)

    class Meta:
        model = Problem
        fields = ["org", "member", "source", "dimension", "checklist_item", "description",
                  "example", "root_cause", "confidential_detail"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "example": forms.Textarea(attrs={"rows": 3}),
            "root_cause": forms.Textarea(attrs={"rows": 3}),
            "confidential_detail": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.campaign = user, campaign
        # Narrowing to the campaign's subtree is for display; the permission is in visible_to.
        subtree = campaign.org.path
        self.fields["org"].queryset = (
            visible_to(user, Org, "register_problem").filter(path__startswith=subtree)
            .exclude(kind=Org.Kind.GROUP).order_by("path"))
        self.fields["org"].empty_label = None
        self.fields["member"].queryset = (
            visible_to(user, Member, "register_problem")
            .filter(org__path__startswith=subtree, is_active=True)
            .select_related("org").order_by("org__path", "name_pinyin", "pk"))
        source = self.fields["source"]
        source.choices = [(value, label) for value, label in Problem.Source.choices if value != Problem.Source.SELF]
        # Offered: the sources `can` lets the user register somewhere in the campaign, the rule clean()
        # refuses by. A source posted anyway still validates, so clean() refuses it with its reason.
        source.widget.choices = [(value, label) for value, label in source.choices
                                 if not value or self._may_register(value)]
        self.fields["dimension"].choices = [("", "—")] + [(d, d) for d in campaign.get_dimensions()]
        if campaign.checklist_id:
            self.fields["checklist_item"].queryset = ChecklistItem.objects.filter(
                category__checklist_id=campaign.checklist_id)
            self.fields["checklist_item"].empty_label = "（不对应清单条目）"
        else:
            del self.fields["checklist_item"]
        # Source details (who reported, case numbers) are taken only from the discipline role.
        if visible_to(user, Org, "see_confidential").filter(path__startswith=subtree).exists():
            self.fields["confidential_detail"].help_text = (
                "仅「纪检监察」「信访举报」来源填写；仅纪检人员可见，当事人看不到")
        else:
            del self.fields["confidential_detail"]

    def _may_register(self, source: str) -> bool:
        """May the user register a problem from `source` at any org where they register problems?"""
        places = [Org(path=path) for path in grants(self.user).prefixes("register_problem")] or [self.campaign.org]
        return any(can(self.user, "register_problem", Problem(campaign=self.campaign, org=org, source=source))
                   for org in places)

    def clean(self):
        cleaned = super().clean()
        org, member, source = cleaned.get("org"), cleaned.get("member"), cleaned.get("source")
        if org and member and not member.org.path.startswith(org.path):
            self.add_error("member", f"「{member.name}」不在「{org.name}」范围内，请重新选择")
        if org and source:
            problem = Problem(campaign=self.campaign, org=org, member=member, source=source)
            if not can(self.user, "register_problem", problem):
                if problem.is_confidential:
                    self.add_error("source", f"「{problem.get_source_display()}」来源的问题只能由纪检监察人员登记，"
                                             "请将线索转交纪检监察")
                else:
                    self.add_error("org", f"你没有在「{org.name}」登记问题的权限")
            if cleaned.get("confidential_detail", "").strip() and not problem.is_confidential:
                self.add_error("confidential_detail", "只有「纪检监察」「信访举报」来源的问题才填写来源详情")
        return cleaned

    def save(self, commit=True):
        self.instance.campaign = self.campaign
        self.instance.created_by = self.user
        return super().save(commit)


class RectificationForm(BootstrapMixin, forms.ModelForm):
    """Give a problem one of its rectifications: measure, owner, leader, due date, kind."""

    owner = MemberChoiceField(label="责任人", queryset=None)
    leader = MemberChoiceField(label="责任领导", queryset=None, required=False,
                               empty_label="（不指定）", help_text="关键少数排在前面")

    class Meta:
        model = Rectification
        fields = ["measure", "owner", "leader", "due_date", "kind"]
        widgets = {"measure": forms.Textarea(attrs={"rows": 3}), "due_date": DATE}

    def __init__(self, *args, user, problem, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.problem = user, problem
        members = visible_to(user, Member).filter(is_active=True).select_related("org")
        self.fields["owner"].queryset = (
            members.filter(org__path__startswith=problem.org.path).order_by("org__path", "name_pinyin", "pk"))
        self.fields["owner"].help_text = f"「{problem.org.name}」范围内的党员"
        self.fields["leader"].queryset = members.order_by("-is_leading_cadre", "org__path", "name_pinyin", "pk")
        if problem.member_id and not self.is_bound:
            self.initial.setdefault("owner", problem.member_id)

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise ValidationError("整改时限不能早于今天")
        return due

    def save(self, commit=True):
        self.instance.problem = self.problem
        self.instance.org = self.problem.org
        self.instance.created_by = self.user
        return super().save(commit)


class EvidenceForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label="佐证文件", required=False)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    content_type = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.UPLOAD_MAX_BYTES // 1024 // 1024
        self.fields["file"].help_text = f"可上传 {ALLOWED_LABEL}，单个不超过 {limit} MB"

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            self.content_type = check_upload(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if "file" not in self.errors and not cleaned.get("file") and not cleaned.get("note", "").strip():
            raise ValidationError("请上传佐证文件或填写说明")
        return cleaned
