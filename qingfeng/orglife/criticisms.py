"""批评意见 at a 组织生活会 or 民主生活会: the forms of recording an item and of turning it into a problem.
(What they save: services.py; the pages: views/criticisms.py.)"""

from django import forms
from django.core.exceptions import ValidationError

from qingfeng.campaigns.models import Campaign
from qingfeng.core.forms import bootstrap
from qingfeng.core.permissions import can, visible_to
from qingfeng.ledger.models import Problem

from .models import Criticism, Meeting

# the meetings at which members criticize themselves and each other
CRITICISM_KINDS = (Meeting.Kind.ORG_LIFE, Meeting.Kind.DEMOCRATIC_LIFE)


def takes_criticism(meeting) -> bool:
    return meeting.kind in CRITICISM_KINDS and meeting.status == Meeting.Status.HELD


class CriticismForm(forms.ModelForm):
    class Meta:
        model = Criticism
        fields = ["member", "kind", "critic", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("member", "critic"):
            self.fields[name].queryset = members
            self.fields[name].label_from_instance = lambda m: m.name
            self.fields[name].empty_label = "请选择"
        self.fields["kind"].choices = [("", "请选择"), *Criticism.Kind.choices]
        bootstrap(self)

    def clean(self):
        cleaned = super().clean()
        kind, member, critic = cleaned.get("kind"), cleaned.get("member"), cleaned.get("critic")
        if kind == Criticism.Kind.SELF:
            cleaned["critic"] = None  # she criticizes herself
            self.instance.critic = None
        elif kind == Criticism.Kind.MUTUAL:
            if critic is None and "critic" not in self.errors:
                self.add_error("critic", "相互批评请选择提出人")
            elif critic is not None and critic == member:
                self.add_error("critic", "提出人是本人时，请选择“自我批评”")
        return cleaned


def problem_campaigns(user, org):
    """The active campaigns covering `org` in which the user may register 批评意见 problems there (and so about any
    member of its subtree: a 生活会's invitees are)."""
    campaigns = (visible_to(user, Campaign).filter(status=Campaign.Status.ACTIVE)
                 .select_related("org").order_by("-created_at", "-pk"))
    return [c for c in campaigns if org.path.startswith(c.org.path)
            and can(user, "register_problem", Problem(campaign=c, org=org, source=Problem.Source.CRITICISM))]


REFUSED = "所选专项工作不存在、已结束或您无权在其中登记问题"


class ToProblemForm(forms.Form):
    campaign = forms.TypedChoiceField(label="转入专项工作", coerce=int,
                                      error_messages={"required": "请选择专项工作", "invalid_choice": REFUSED})

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.offered = {c.pk: c for c in campaigns}
        self.fields["campaign"].choices = [(c.pk, c.title) for c in campaigns]
        bootstrap(self)

    def clean_campaign(self):
        campaign = self.offered.get(self.cleaned_data["campaign"])
        if campaign is None:
            raise ValidationError(REFUSED)
        return campaign
