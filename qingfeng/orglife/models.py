"""组织生活: the meetings of an org (三会一课, 主题党日, 生活会 …), who is invited and how each attended.

A meeting is drafted by the secretary, published with its notice (the invitees are told), then
recorded after it is held: attendance, minutes and decisions. Before it starts an invitee may ask
for 请假 with a reason; the secretary grants or refuses it. Later parts of organization life (QR
sign-in, quorum, compliance, 学时, criticism) hang off `Meeting` and `MeetingAttendance`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qingfeng.orgs.models import Member, Org


class Meeting(models.Model):
    class Kind(models.TextChoices):
        GENERAL_ASSEMBLY = "general_assembly", _("支部党员大会")
        COMMITTEE = "committee", _("支委会")
        GROUP = "group", _("党小组会")
        PARTY_LECTURE = "party_lecture", _("党课")
        THEME_DAY = "theme_day", _("主题党日")
        ORG_LIFE = "org_life", _("组织生活会")
        DEMOCRATIC_LIFE = "democratic_life", _("民主生活会")
        OTHER = "other", _("其他专题会议")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        HELD = "held", _("已召开")

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("组织"))
    kind = models.CharField(_("会议类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("会议主题"), max_length=200)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200)
    host = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("主持人"))
    recorder = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("记录人"))
    agenda = models.TextField(_("议程"), blank=True)
    notice = models.TextField(_("会议通知"), blank=True)
    minutes = models.TextField(_("会议记录"), blank=True)
    decisions = models.TextField(_("会议决议"), blank=True)
    hours = models.DecimalField(_("学时"), max_digits=4, decimal_places=1, default=0,
                                help_text=_("出席者每人计入的学习时长（小时），如党课、主题党日的学习"))
    # Set when the meeting is recorded: False for a 党员大会 or 支委会 below quorum, which is flagged and does
    # not count for compliance; None where no quorum applies.
    quorum_met = models.BooleanField(_("达到法定人数"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("记录时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["org", "starts_at"], name="meeting_org_starts")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}"

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()


class MeetingFile(models.Model):
    """A photo or file of a meeting (checked by content like evidence); served only through a permission-checked
    view."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="orglife/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self) -> str:
        return self.original_name


class MeetingAttendance(models.Model):
    """One invitee of a meeting: her 请假 request (if any) and, once recorded, how she attended."""

    class Status(models.TextChoices):
        PRESENT = "present", _("出席")
        LEAVE = "leave", _("请假")
        ABSENT = "absent", _("缺席")
        OBSERVER = "observer", _("列席")

    class Leave(models.TextChoices):
        PENDING = "pending", _("待批")
        GRANTED = "granted", _("已准假")
        REFUSED = "refused", _("未准假")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("党员"))
    status = models.CharField(_("出勤"), max_length=10, choices=Status.choices, blank=True)  # "": 未登记
    reason = models.CharField(_("请假或缺席原因"), max_length=200, blank=True)
    leave_status = models.CharField(_("请假审批"), max_length=10, choices=Leave.choices, blank=True)
    leave_reason = models.CharField(_("请假事由"), max_length=200, blank=True)
    leave_requested_at = models.DateTimeField(_("请假时间"), null=True, blank=True)
    leave_decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                         blank=True, related_name="+")
    leave_decided_at = models.DateTimeField(null=True, blank=True)
    signed_in_at = models.DateTimeField(_("扫码签到时间"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("参会记录")
        verbose_name_plural = _("参会记录")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="meeting_attendance_once")]

    def __str__(self) -> str:
        return f"{self.member} {self.get_status_display() or '未登记'}"


class Requirement(models.Model):
    """A rule of organization life for an org and its subtree: at least `minimum` of `subject` each `period`.

    The rule on the nearest org up the tree wins; with none, `DEFAULT_REQUIREMENTS` apply (from
    《中国共产党支部工作条例（试行）》 and, for 学时, 《中国共产党党员教育管理工作条例》). An org admin changes them for
    her subtree; every change is kept in the history.
    """

    class Subject(models.TextChoices):
        COMMITTEE = "committee", _("支委会")
        GROUP = "group", _("党小组会")
        GENERAL_ASSEMBLY = "general_assembly", _("支部党员大会")
        PARTY_LECTURE = "party_lecture", _("党课")
        THEME_DAY = "theme_day", _("主题党日")
        ORG_LIFE = "org_life", _("组织生活会")
        DEMOCRATIC_REVIEW = "democratic_review", _("民主评议党员")
        HOURS_MEMBER = "hours_member", _("党员学时")
        HOURS_LEADER = "hours_leader", _("书记和班子成员学时")

    class Period(models.TextChoices):
        MONTH = "month", _("每月")
        QUARTER = "quarter", _("每季度")
        YEAR = "year", _("每年")

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("适用组织"))
    subject = models.CharField(_("事项"), max_length=20, choices=Subject.choices)
    period = models.CharField(_("周期"), max_length=10, choices=Period.choices)
    minimum = models.DecimalField(_("至少"), max_digits=5, decimal_places=1,
                                  help_text=_("会议为次数，学时为小时；0 表示不作要求"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("组织生活要求")
        verbose_name_plural = _("组织生活要求")
        constraints = [models.UniqueConstraint(fields=["org", "subject"], name="requirement_once_per_org")]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} {self.get_period_display()}至少 {self.minimum:g}"


# (subject, period, minimum) when no org up the tree has its own rule.
S, P = Requirement.Subject, Requirement.Period
DEFAULT_REQUIREMENTS = {
    S.COMMITTEE: (P.MONTH, 1),
    S.GROUP: (P.MONTH, 1),
    S.GENERAL_ASSEMBLY: (P.QUARTER, 1),
    S.PARTY_LECTURE: (P.QUARTER, 1),
    S.THEME_DAY: (P.MONTH, 1),
    S.ORG_LIFE: (P.YEAR, 1),
    S.DEMOCRATIC_REVIEW: (P.YEAR, 1),
    S.HOURS_MEMBER: (P.YEAR, 32),
    S.HOURS_LEADER: (P.YEAR, 56),
}
del S, P
