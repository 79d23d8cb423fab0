"""学: a campaign's study activities, their materials and attendance, and members' reflections.

The tables keep the names they had in the campaigns app (`campaigns_<model>`): moving the models
changed Django's state only (see migrations/0001_initial.py).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qingfeng.campaigns.models import Campaign
from qingfeng.orgs.models import Member, Org


class StudyActivity(models.Model):
    class Kind(models.TextChoices):
        GROUP_STUDY = "group_study", _("集中学习")
        SEMINAR = "seminar", _("专题研讨")
        WARNING = "warning", _("警示教育")
        CASE = "case", _("以案促改")
        READING_CLASS = "reading_class", _("读书班")
        PARTY_LECTURE = "party_lecture", _("党课")
        SELF_STUDY = "self_study", _("自学")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="study_activities")
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="study_activities",
                            verbose_name=_("组织"))
    kind = models.CharField(_("形式"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("日期"))
    topic = models.CharField(_("主题"), max_length=200)
    summary = models.TextField(_("内容摘要"), blank=True)
    hours = models.DecimalField(_("学时"), max_digits=4, decimal_places=1, default=0,
                                help_text=_("出席者每人计入的学习时长（小时）"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords(table_name="campaigns_historicalstudyactivity")

    class Meta:
        db_table = "campaigns_studyactivity"
        verbose_name = _("学习活动")
        verbose_name_plural = _("学习活动")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.topic}"


class Attendance(models.Model):
    """One member expected at an activity: 出席, 请假 (with the reason given) or 缺席, as organization life
    records attendance."""

    class Status(models.TextChoices):
        PRESENT = "present", _("出席")
        LEAVE = "leave", _("请假")
        ABSENT = "absent", _("缺席")

    activity = models.ForeignKey(StudyActivity, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("出勤"), max_length=10, choices=Status.choices, default=Status.PRESENT)
    reason = models.CharField(_("请假或缺席原因"), max_length=200, blank=True)

    class Meta:
        db_table = "campaigns_attendance"
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.member} {self.get_status_display()}"


class StudyMaterial(models.Model):
    """A file handed out at a study activity; served only through a permission-checked view."""

    activity = models.ForeignKey(StudyActivity, on_delete=models.CASCADE, related_name="materials")
    file = models.FileField(upload_to="study/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        db_table = "campaigns_studymaterial"

    def __str__(self) -> str:
        return self.original_name


class Reflection(models.Model):
    """心得体会: draft → submitted → accepted, or returned with a comment and resubmitted."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待审阅")
        RETURNED = "returned", _("已退回")
        ACCEPTED = "accepted", _("已通过")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="reflections")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="reflections")
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    review_comment = models.TextField(_("审阅意见"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords(table_name="campaigns_historicalreflection")

    class Meta:
        db_table = "campaigns_reflection"
        verbose_name = _("心得体会")
        verbose_name_plural = _("心得体会")
        ordering = ["-created_at"]
        # 我的 lists the newest 待审阅 of a reviewer's subtree: walked in this index, the few waiting, whatever the
        # subtree holds
        indexes = [models.Index(fields=["-created_at"], condition=models.Q(status="submitted"),
                                name="reflection_to_review")]

    def __str__(self) -> str:
        return self.title
