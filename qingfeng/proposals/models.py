"""提案 / 社情民意: what the public and members submit, the units that handle it, the replies and the ratings.

An item is taken in (受理) by an office (`office`, an org of the tree: whoever may `intake_proposals` there),
handed to a lead unit (主办) and co-units (协办), each an `Assignment` with its deadline, answered by the lead unit
(`Reply`, one per round) and rated by its submitter (`Rating`). The tracking code that lets the public follow and
rate an item is never stored: only its SHA-256 (`code_digest`), so nobody who reads the database can rate in
someone's name.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qingfeng.orgs.models import Org


def digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


DEFAULT_CATEGORIES = ("经济发展", "民生保障", "作风建设", "基层治理", "生态环境", "其他")


class Category(models.Model):
    """A category the submitter picks (经济发展, 民生保障, …): configured by the office, never deleted once used.

    Migration 0002 adds `DEFAULT_CATEGORIES`; `add_defaults` does the same again where they are missing."""

    name = models.CharField(_("类别名称"), max_length=20, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("提案类别")
        verbose_name_plural = _("提案类别")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def add_defaults(cls) -> None:
        for order, name in enumerate(DEFAULT_CATEGORIES):
            cls.objects.get_or_create(name=name, defaults={"order": order})


class Proposal(models.Model):
    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("提案")
        OPINION = "opinion", _("社情民意")

    class Status(models.TextChoices):
        PENDING = "pending", _("待受理")
        ACCEPTED = "accepted", _("已受理")
        HANDLING = "handling", _("办理中")
        REPLIED = "replied", _("已答复")
        CLOSED = "closed", _("已办结")
        REFERENCE = "reference", _("留作参考")
        REJECTED = "rejected", _("不予受理")
        MERGED = "merged", _("已合并")

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        BASIC = "basic", _("基本满意")
        UNSATISFIED = "unsatisfied", _("不满意")

    office = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="proposals_received",
                               verbose_name=_("受理单位"))
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.OPINION)
    title = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("内容"))
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="proposals",
                                 verbose_name=_("类别"))
    submitter_name = models.CharField(_("署名"), max_length=40, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    # a member or committee member who submitted from the app (their name attached); None: the public
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="proposals", verbose_name=_("提交人"))
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    code_digest = models.CharField(max_length=64, unique=True, editable=False)

    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PENDING)
    # why it was not taken up (不予受理, 留作参考) or merged: the submitter reads it
    status_reason = models.TextField(_("处理说明"), blank=True)
    internal_note = models.TextField(_("内部备注"), blank=True)  # the office's and the units': never public
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="merged", verbose_name=_("并入"))
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)

    # the lead unit and its deadline, kept here (they are also its lead Assignment) so figures read one table
    lead_unit = models.ForeignKey(Org, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="proposals_led", verbose_name=_("主办单位"))
    deadline = models.DateField(_("办理时限"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("交办时间"), null=True, blank=True)
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)  # 2: 二次办理 after 不满意
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    # was the (last) reply given by the deadline in force? kept so the on-time rate survives a deadline change
    replied_on_time = models.BooleanField(_("按期答复"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    rating = models.CharField(_("满意度"), max_length=20, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)

    published = models.BooleanField(_("公开答复"), default=False)

    history = HistoricalRecords(excluded_fields=["contact_phone", "code_digest"])

    class Meta:
        verbose_name = _("提案/社情民意")
        verbose_name_plural = _("提案/社情民意")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["office", "status"]),
            models.Index(fields=["lead_unit", "submitted_at"]),
            models.Index(fields=["published", "replied_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        """The item's number as the office files it: 2026-00042 (public, unlike the tracking code)."""
        return f"{timezone.localtime(self.submitted_at).year}-{self.pk or 0:05d}"

    @property
    def is_public_submission(self) -> bool:
        return self.submitted_by_id is None


class Assignment(models.Model):
    """A unit handling an item: the lead unit (主办), which replies, or a co-unit (协办), which reports its part."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="proposal_assignments",
                             verbose_name=_("承办单位"))
    lead = models.BooleanField(_("主办"), default=False)
    deadline = models.DateField(_("办理时限"))
    note = models.CharField(_("交办说明"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)  # a co-unit's part handed to the lead
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        ordering = ["-lead", "pk"]
        constraints = [models.UniqueConstraint(fields=["proposal", "unit"], name="assignment_once_per_unit")]
        indexes = [models.Index(fields=["unit", "deadline"])]

    def __str__(self) -> str:
        return f"{self.unit} · {self.proposal}"


class Progress(models.Model):
    """办理进展 (or a co-unit's 协办意见): marked public, the submitter reads it on the progress page."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="progress")
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="progress")
    text = models.TextField(_("办理进展"))
    public = models.BooleanField(_("向提交人公开"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:30]


class Reply(models.Model):
    """答复意见: the lead unit's formal answer, one per round."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="replies")
    round = models.PositiveSmallIntegerField(_("轮次"))
    unit = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("答复意见"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["round"]
        constraints = [models.UniqueConstraint(fields=["proposal", "round"], name="reply_once_per_round")]

    def __str__(self) -> str:
        return f"{self.proposal} 第{self.round}轮答复"


class ProposalFile(models.Model):
    """A file: the submitter's attachment, or one of a progress entry or reply (checked by content)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="files")
    progress = models.ForeignKey(Progress, on_delete=models.PROTECT, null=True, blank=True, related_name="files")
    reply = models.ForeignKey(Reply, on_delete=models.PROTECT, null=True, blank=True, related_name="files")
    file = models.FileField(upload_to="proposals/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self) -> str:
        return self.original_name


class Rating(models.Model):
    """The submitter's rating of one round's reply."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="ratings")
    round = models.PositiveSmallIntegerField(_("轮次"))
    value = models.CharField(_("满意度"), max_length=20, choices=Proposal.Rating.choices)
    comment = models.TextField(_("评价意见"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["round"]
        constraints = [models.UniqueConstraint(fields=["proposal", "round"], name="rating_once_per_round")]

    def __str__(self) -> str:
        return f"{self.proposal} {self.get_value_display()}"


class ProposalNotice(models.Model):
    """One step of the ladder on an assignment's deadline (提醒 → 催办 → 督办 → 约谈), taken once per deadline."""

    class Level(models.IntegerChoices):
        REMIND = 1, _("提醒")
        URGE = 2, _("催办")
        SUPERVISE = 3, _("督办")
        TALK = 4, _("约谈")

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="notices")
    level = models.PositiveSmallIntegerField(_("级别"), choices=Level.choices)
    deadline = models.DateField(_("对应办理时限"))
    note = models.TextField(_("内容"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["assignment", "level", "deadline"], name="proposal_notice_once")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} · {self.assignment}"


class Throttle(models.Model):
    """How many times an address did a thing (submit, try a tracking code) in one window: an atomic counter in the
    database, so every web worker shares it without a cache server."""

    key = models.CharField(max_length=200)
    window = models.BigIntegerField()  # the window's number: seconds since the epoch // its length
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="throttle_once_per_window")]

    def __str__(self) -> str:
        return f"{self.key} × {self.count}"


class SpentChallenge(models.Model):
    """A solved proof-of-work challenge, so one solution submits once."""

    digest = models.CharField(max_length=64, unique=True)
    expires = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.digest
