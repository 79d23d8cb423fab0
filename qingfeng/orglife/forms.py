"""Forms of the 组织生活 pages: a meeting with its invitees, a leave request, the record after the meeting."""

from django import forms
from django.core.exceptions import ValidationError

from qingfeng.core.forms import CheckedFiles, bootstrap
from qingfeng.core.permissions import visible_to
from qingfeng.orgs.models import Member, Org
from qingfeng.study.forms import AttendanceForm, hours_or_zero

from .models import Meeting, MeetingAttendance, Requirement
from .quorum import committee
from .rules import HOURS_SUBJECTS

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
ALL, COMMITTEE, LEADERS, GROUP, CHOSEN = "all", "committee", "leaders", "group", "chosen"


def managing_orgs(user):
    """The orgs (not 党小组: theirs are the branch's meetings) where the user may hold meetings."""
    return visible_to(user, Org, "manage_meetings").exclude(kind=Org.Kind.GROUP).order_by("path")


class MemberChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, member):
        return member.name


class MeetingForm(forms.ModelForm):
    """The meeting and, while it is a draft, who is invited: the whole roster, the 支委, the leadership team (领导班子:
    the 关键少数 of the org's subtree, for a 民主生活会), one 党小组, or those ticked."""

    invite = forms.ChoiceField(label="参会人员", initial=ALL, widget=forms.RadioSelect,
                               choices=[(ALL, "全体党员"), (COMMITTEE, "支委"), (LEADERS, "领导班子"),
                                        (GROUP, "党小组"), (CHOSEN, "自选")])
    group = forms.ModelChoiceField(label="党小组", queryset=None, required=False, help_text="参会人员选“党小组”时选择")
    members = MemberChoice(label="自选参会人员", queryset=None, required=False, help_text="参会人员选“自选”时勾选",
                           widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Meeting
        fields = ["org", "kind", "title", "starts_at", "ends_at", "place", "host", "recorder", "hours",
                  "agenda", "notice", "opinions"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME,
                   "agenda": forms.Textarea(attrs={"rows": 4}), "notice": forms.Textarea(attrs={"rows": 4}),
                   "opinions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, org=None, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = managing_orgs(user)
        self.fields["org"].queryset = orgs
        self.fields["org"].empty_label = None
        org = self.instance.org if self.instance.org_id else org or orgs.first()
        if org is not None and not self.instance.org_id:
            self.fields["org"].initial = org.pk
        picked = self.data.get("org") if self.is_bound else None
        if picked and str(picked).isdigit():
            org = orgs.filter(pk=picked).first() or org
        path = org.path if org else "-"
        members = (visible_to(user, Member, "manage_meetings").filter(org__path__startswith=path, is_active=True)
                   .select_related("org").order_by("name_pinyin", "pk"))
        for name in ("host", "recorder"):
            self.fields[name].queryset = members
            self.fields[name].label_from_instance = lambda m: m.name
        self.fields["members"].queryset = members
        self.fields["group"].queryset = orgs.none() if org is None else (
            visible_to(user, Org, "manage_meetings").filter(kind=Org.Kind.GROUP, path__startswith=path)
            .order_by("path"))
        self.fields["kind"].choices = [("", "请选择会议类型"), *Meeting.Kind.choices]
        self.fields["hours"].required = False  # 0: the meeting counts no 学时
        if self.instance.pk:
            del self.fields["org"]  # a meeting stays with its org
            if self.instance.status != Meeting.Status.DRAFT:  # the invited were told: the list stays
                for name in ("invite", "group", "members"):
                    del self.fields[name]
            else:
                self.fields["invite"].initial = CHOSEN
                invited = visible_to(user, self.instance.attendance.all(), "manage_meetings")
                self.fields["members"].initial = list(invited.values_list("member_id", flat=True))
        bootstrap(self)

    def clean_hours(self):
        return hours_or_zero(self.cleaned_data.get("hours"))

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "结束时间须晚于开始时间")
        if "invite" in self.fields:
            invite = cleaned.get("invite")
            if invite == GROUP and not cleaned.get("group"):
                self.add_error("group", "请选择党小组")
            if invite == CHOSEN and not cleaned.get("members"):
                self.add_error("members", "请至少选择一名参会人员")
            cleaned["invitees"] = self.invitees(cleaned)
        return cleaned

    def invitees(self, cleaned) -> list:
        members = self.fields["members"].queryset
        invite = cleaned.get("invite")
        org = cleaned.get("org") or (self.instance.org if self.instance.org_id else None)
        if invite == CHOSEN:
            chosen = list(cleaned.get("members") or ())
            if org is not None:
                outside = [m.name for m in chosen if not m.org.path.startswith(org.path)]
                if outside:
                    self.add_error("members", f"{'、'.join(outside)}不是{org.name}的党员")
            return chosen
        if org is None:
            return []
        if invite == COMMITTEE:
            chosen = list(committee(org, members))
            if not chosen:
                self.add_error("invite", f"{org.name}尚未登记支委：请先在党员信息中填写支委职务")
            return chosen
        if invite == LEADERS:  # a 民主生活会's leadership team: the 关键少数 of the org's subtree
            chosen = list(members.filter(org__path__startswith=org.path, is_leading_cadre=True))
            if not chosen:
                self.add_error("invite", f"{org.name}尚未登记领导班子成员：请先在党员信息中勾选“关键少数”")
            return chosen
        if invite == GROUP:
            group = cleaned.get("group")
            if group is None:
                return []
            if not group.path.startswith(org.path):
                self.add_error("group", f"「{group.name}」不属于{org.name}")
                return []
            return list(members.filter(group=group))
        return list(members.filter(org__path__startswith=org.path))


class LeaveForm(forms.Form):
    reason = forms.CharField(label="请假事由", max_length=200,
                             error_messages={"required": "请填写请假事由"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError("请填写请假事由")
        return reason


class RecordForm(AttendanceForm):
    """After the meeting: study's attendance rows (出席 / 请假 with a required reason / 缺席) plus 列席, the
    minutes and the decisions. A granted 请假 is the row's default, with its reason; who signed in by the QR code
    shows the time, and is 出席 already (the sign-in set it); once anyone has signed in, the others default to 缺席
    (else to 出席)."""

    minutes = forms.CharField(label="会议记录", widget=forms.Textarea(attrs={"rows": 8}),
                              error_messages={"required": "请填写会议记录"})
    decisions = forms.CharField(label="会议决议", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    files = CheckedFiles(label="会议照片和附件", required=False)

    def __init__(self, *args, meeting, rows, **kwargs):
        rows = list(rows)
        super().__init__(*args, members=[r.member for r in rows], current={}, **kwargs)
        self.fields["minutes"].initial = meeting.minutes
        self.fields["decisions"].initial = meeting.decisions
        self.signed_in = {row.member_id: row.signed_in_at for row in rows}
        S = MeetingAttendance.Status
        # Where the room signed in by the QR code, who did not is 缺席 until the secretary says otherwise.
        unrecorded = S.ABSENT if any(row.signed_in_at for row in rows) else S.PRESENT
        for row in rows:
            member, granted = row.member, row.leave_status == MeetingAttendance.Leave.GRANTED
            status = self.fields[f"status_{member.pk}"]
            status.choices = S.choices
            status.initial = row.status or (S.LEAVE if granted else unrecorded)
            status.error_messages["invalid_choice"] = f"「{member.name}」的出勤情况只能是出席、请假、缺席或列席"
            self.fields[f"reason_{member.pk}"].initial = row.reason or (row.leave_reason if granted else "")

    def rows(self):
        rows = super().rows()
        for row in rows:
            row.signed_in_at = self.signed_in[row.member.pk]
        return rows

    def clean(self):
        cleaned = super().clean()
        for member in self.members:
            if cleaned.get(f"status_{member.pk}") == MeetingAttendance.Status.OBSERVER:
                cleaned[f"reason_{member.pk}"] = ""  # 列席 is being there: no reason
        return cleaned


class RequirementForm(forms.Form):
    """An org's own rule for one subject: at least `minimum` each `period` (学时 only yearly, meetings whole)."""

    subject = forms.ChoiceField(label="事项", choices=Requirement.Subject.choices)
    period = forms.ChoiceField(label="周期", choices=Requirement.Period.choices)
    minimum = forms.DecimalField(label="至少", min_value=0, max_digits=5, decimal_places=1,
                                 help_text="会议为次数，学时为小时；0 表示不作要求")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def clean(self):
        cleaned = super().clean()
        subject, period, minimum = cleaned.get("subject"), cleaned.get("period"), cleaned.get("minimum")
        if subject in HOURS_SUBJECTS and period and period != Requirement.Period.YEAR:
            self.add_error("period", "学时要求只能按年设定")
        if subject and subject not in HOURS_SUBJECTS and minimum is not None and minimum != int(minimum):
            self.add_error("minimum", "会议次数须为整数")
        return cleaned
