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

from qingfeng.ledger.models import Supervision
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
    # 组织生活会 / 民主生活会: the opinions collected before (征求意见), and the report to the superior afterwards,
    # due within LIFE_REPORT_DAYS of the meeting (orglife/life.py; the ladder reminds).
    opinions = models.TextField(_("征求意见情况"), blank=True,
                                help_text=_("组织生活会、民主生活会填写：会前征求到的意见建议及来源"))
    reported_at = models.DateTimeField(_("上报上级时间"), null=True, blank=True)
    report_note = models.CharField(_("上报情况说明"), max_length=200, blank=True)
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


class Talk(models.Model):
    """谈心谈话: a recorded talk between two members of an org — who talked with whom, when, of which kind, what
    was said and what follows. Read by the org's managers and viewers above, and by the two who talked."""

    class Kind(models.TextChoices):
        SECRETARY_COMMITTEE = "secretary_committee", _("书记与委员")
        COMMITTEE_MEMBER = "committee_member", _("委员与党员")
        MEMBERS = "members", _("党员之间")
        REMINDER = "reminder", _("提醒谈话")
        ADMONITION = "admonition", _("诫勉谈话")
        SUPERVISION = "supervision", _("督办约谈")
        OTHER = "other", _("其他")

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="talks", verbose_name=_("组织"))
    kind = models.CharField(_("谈话类型"), max_length=20, choices=Kind.choices)
    talker = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("谈话人"))
    talkee = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("谈话对象"))
    date = models.DateField(_("谈话日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    summary = models.TextField(_("谈话内容"))
    follow_ups = models.TextField(_("后续事项"), blank=True)
    # The 约谈 step of the supervision ladder this talk answers (督办约谈): its rectification's page links here.
    supervision = models.OneToOneField(Supervision, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="talk", verbose_name=_("所办约谈"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("谈心谈话")
        verbose_name_plural = _("谈心谈话")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["org", "date"], name="talk_org_date")]

    def __str__(self) -> str:
        return f"{self.talker.name}与{self.talkee.name}的谈话（{self.date}）"


class Evaluation(models.Model):
    """民主评议党员: a branch's yearly evaluation. Every member writes a 个人总结 and rates the others; the committee
    sees the tally once voting is closed and records each member's result, with at most `excellent_cap` % 优秀.

    The ballot is secret: a vote is kept only as one more in a (member, grade) count (`EvaluationTally`, which has
    no history, no timestamps and no voter key); who has voted is `EvaluationParticipant.has_voted`, kept apart.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("评议中")
        CLOSED = "closed", _("已截止投票")
        DONE = "done", _("已确定结果")

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("党支部"))
    year = models.PositiveSmallIntegerField(_("年度"))
    excellent_cap = models.PositiveSmallIntegerField(_("优秀比例上限（%）"), default=30)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    closed_at = models.DateTimeField(_("截止投票时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("确定结果时间"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("民主评议党员")
        verbose_name_plural = _("民主评议党员")
        ordering = ["-year", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="evaluation_once_a_year",
                                               violation_error_message=_("该党支部这一年度的民主评议已经开展"))]

    def __str__(self) -> str:
        return f"{self.org.name}{self.year}年度民主评议党员"


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    QUALIFIED = "qualified", _("合格")
    BASIC = "basic", _("基本合格")
    UNQUALIFIED = "unqualified", _("不合格")


class EvaluationParticipant(models.Model):
    """One member in an evaluation: her 个人总结, whether she has voted (never what), and the result recorded."""

    class Disposition(models.TextChoices):
        CORRECT = "correct", _("限期改正")
        PERSUADE = "persuade", _("劝其退党")
        REMOVE = "remove", _("除名")

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="participants")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("党员"))
    self_evaluation = models.TextField(_("个人总结"), blank=True)
    submitted_at = models.DateTimeField(_("提交总结时间"), null=True, blank=True)
    has_voted = models.BooleanField(_("已投票"), default=False)
    result = models.CharField(_("评议结果"), max_length=20, choices=Grade.choices, blank=True)
    disposition = models.CharField(_("组织处置"), max_length=20, choices=Disposition.choices, blank=True)
    disposition_note = models.CharField(_("处置说明"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("参评党员")
        verbose_name_plural = _("参评党员")
        constraints = [models.UniqueConstraint(fields=["evaluation", "member"], name="evaluation_participant_once")]

    def __str__(self) -> str:
        return f"{self.member.name}（{self.evaluation}）"


class EvaluationTally(models.Model):
    """How many voters gave `member` the grade `grade`: the only trace of the votes. Deliberately without history,
    timestamps or a voter: nothing here, nor anywhere else, says who gave which grade."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="tallies")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(max_length=20, choices=Grade.choices)
    votes = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("评议票数")
        verbose_name_plural = _("评议票数")
        constraints = [models.UniqueConstraint(fields=["evaluation", "member", "grade"], name="evaluation_tally_once")]

    def __str__(self) -> str:
        return f"{self.member.name} {self.get_grade_display()} {self.votes}"


class Criticism(models.Model):
    """批评意见 at a 组织生活会 or 民主生活会: about one member, by herself (自我批评) or by another (相互批评).
    Any item can become a `Problem` (source 批评意见) of an active campaign, linked both ways through `problem`."""

    class Kind(models.TextChoices):
        SELF = "self", _("自我批评")
        MUTUAL = "mutual", _("相互批评")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="criticisms")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("被批评的党员"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    critic = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("提出人"), help_text=_("相互批评时填写"))
    text = models.TextField(_("批评意见"))
    problem = models.OneToOneField("ledger.Problem", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="criticism", verbose_name=_("转为问题"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("批评意见")
        verbose_name_plural = _("批评意见")
        ordering = ["member__name_pinyin", "id"]

    def __str__(self) -> str:
        return self.text[:40]
