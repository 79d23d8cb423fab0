"""改 · 督: problems, rectifications with evidence and acceptance, follow-ups, supervision."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qingfeng.campaigns.models import Campaign, ChecklistItem
from qingfeng.orgs.models import Member, Org


class Problem(models.Model):
    """查摆问题: one identified problem of a member or an org."""

    class Source(models.TextChoices):
        SELF = "self", _("自己找")
        SUPERIOR = "superior", _("上级点评")
        CRITICISM = "criticism", _("批评意见")
        INSPECTION_TOUR = "inspection_tour", _("巡视巡察")
        DISCIPLINE = "discipline", _("纪检监察")
        PETITION = "petition", _("信访举报")
        PUBLIC = "public", _("群众意见")

    # The details (who reported, case references) of these sources are for discipline only.
    CONFIDENTIAL_SOURCES = frozenset({Source.DISCIPLINE, Source.PETITION})

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="problems")
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="problems",
                            verbose_name=_("所属组织"))
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="problems", verbose_name=_("涉及党员"))
    source = models.CharField(_("问题来源"), max_length=20, choices=Source.choices)
    dimension = models.CharField(_("维度"), max_length=50, blank=True)
    checklist_item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name=_("清单条目"))
    description = models.TextField(_("问题描述"))
    example = models.TextField(_("具体事例"), blank=True)
    root_cause = models.TextField(_("根源剖析"), blank=True)
    confidential_detail = models.TextField(
        _("来源详情（保密）"), blank=True, help_text=_("举报人、案件编号等，仅纪检可见"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now, editable=False)

    history = HistoricalRecords(excluded_fields=["confidential_detail"])

    class Meta:
        verbose_name = _("查摆问题")
        verbose_name_plural = _("查摆问题")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["campaign", "source"], name="problem_source")]

    def __str__(self) -> str:
        return self.description[:40]


    @property
    def is_confidential(self) -> bool:
        return self.source in self.CONFIDENTIAL_SOURCES


class Rectification(models.Model):
    """整改措施: one measure in the 整改台账. Status moves only through ledger.workflow."""

    class Kind(models.TextChoices):
        IMMEDIATE = "immediate", _("立行立改")
        DEADLINE = "deadline", _("限期整改")
        ONGOING = "ongoing", _("长期坚持")

    class Status(models.TextChoices):
        OPEN = "open", _("待整改")
        IN_PROGRESS = "in_progress", _("整改中")
        SUBMITTED = "submitted", _("待验收")
        ACCEPTED = "accepted", _("已销号")
        RETURNED = "returned", _("已退回")

    problem = models.ForeignKey(Problem, on_delete=models.PROTECT, related_name="rectifications")
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="rectifications",
                            verbose_name=_("所属组织"))
    measure = models.TextField(_("整改措施"))
    owner = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="rectifications",
                              verbose_name=_("责任人"))
    leader = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="led_rectifications",
                               null=True, blank=True, verbose_name=_("责任领导"))
    due_date = models.DateField(_("整改时限"))
    kind = models.CharField(_("整改类型"), max_length=10, choices=Kind.choices, default=Kind.DEADLINE)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.OPEN,
                              editable=False)
    progress = models.TextField(_("完成情况"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+", verbose_name=_("验收人"))
    accepted_at = models.DateTimeField(_("销号时间"), null=True, blank=True, editable=False)
    review_comment = models.TextField(_("验收意见"), blank=True)
    # Kept apart from the 验收意见: a 退回 says why not, and the page shows it as such until accepted.
    return_reason = models.TextField(_("退回原因"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("整改措施")
        verbose_name_plural = _("整改措施")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["status", "due_date"], name="rectification_due"),
            # The 整改台账's default order and its 类型 filter/sort read pages in index order at region scale.
            models.Index(fields=["due_date", "id"], name="rectification_order"),
            models.Index(fields=["kind", "due_date", "id"], name="rectification_kind_order"),
        ]

    def __str__(self) -> str:
        return self.measure[:40]


    def is_overdue(self, today=None) -> bool:
        """Overdue is derived, never stored: past due and not yet accepted."""
        today = today or timezone.localdate()
        return self.status != self.Status.ACCEPTED and self.due_date < today

    @classmethod
    def overdue_q(cls, today=None) -> models.Q:
        """`is_overdue` as a query condition, for lists and counts."""
        today = today or timezone.localdate()
        return models.Q(due_date__lt=today) & ~models.Q(status=cls.Status.ACCEPTED)


class Evidence(models.Model):
    """佐证材料: a file (checked by content) or a note proving a rectification."""

    rectification = models.ForeignKey(Rectification, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to="evidence/%Y/%m/", blank=True)
    original_name = models.CharField(_("文件名"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    note = models.TextField(_("说明"), blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name or self.note[:30]


class FollowUp(models.Model):
    """回头看: a later re-check of an accepted rectification; may reopen it."""

    rectification = models.ForeignKey(Rectification, on_delete=models.PROTECT, related_name="follow_ups")
    reopened = models.BooleanField(_("重新打开"))
    reason = models.TextField(_("情况说明"))
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("回头看")
        verbose_name_plural = _("回头看")

    def __str__(self) -> str:
        return f"回头看 · {self.rectification}"


class Supervision(models.Model):
    """One step of 提醒 → 催办 → 督办 → 约谈 on a rectification, made by the daily job or by hand."""

    class Level(models.IntegerChoices):
        REMIND = 1, _("提醒")
        URGE = 2, _("催办")
        SUPERVISE = 3, _("督办")
        TALK = 4, _("约谈")

    rectification = models.ForeignKey(Rectification, on_delete=models.PROTECT, related_name="supervisions")
    level = models.PositiveSmallIntegerField(_("级别"), choices=Level.choices)
    due_date = models.DateField(_("对应整改时限"))
    note = models.TextField(_("内容"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+")

    class Meta:
        verbose_name = _("督办记录")
        verbose_name_plural = _("督办记录")
        ordering = ["-created_at"]
        constraints = [
            # The job may run twice a day: one step per level per deadline.
            models.UniqueConstraint(fields=["rectification", "level", "due_date"], name="supervision_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} · {self.rectification}"

