"""查: a member's self-inspection (对照检查) against the campaign's checklist, and the signed commitment.

The tables keep the names they had in the campaigns app (`campaigns_<model>`): moving the models
changed Django's state only (see migrations/0001_initial.py).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qingfeng.campaigns.models import Campaign, ChecklistItem
from qingfeng.orgs.models import Member, Org


class SelfInspection(models.Model):
    """对照检查: a member's answers to every checklist item, plus the written sections."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="self_inspections")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="self_inspections")
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    study_summary = models.TextField(_("学习体会"), blank=True)
    root_cause = models.TextField(_("根源剖析"), blank=True)
    measures_summary = models.TextField(_("整改措施"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(table_name="campaigns_historicalselfinspection")

    class Meta:
        db_table = "campaigns_selfinspection"
        verbose_name = _("对照检查")
        verbose_name_plural = _("对照检查")
        constraints = [models.UniqueConstraint(fields=["campaign", "member"], name="inspection_once")]

    def __str__(self) -> str:
        return f"{self.member} · {self.campaign}"


class InspectionAnswer(models.Model):
    class Answer(models.TextChoices):
        EXISTS = "exists", _("存在")
        PARTLY = "partly", _("部分存在")
        NOT_FOUND = "not_found", _("未发现")

    inspection = models.ForeignKey(SelfInspection, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("对照结果"), max_length=10, choices=Answer.choices)
    description = models.TextField(_("问题描述"), blank=True)
    example = models.TextField(_("具体事例"), blank=True)
    dimension = models.CharField(_("维度"), max_length=50, blank=True)

    class Meta:
        db_table = "campaigns_inspectionanswer"
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="answer_once")]

    def __str__(self) -> str:
        return f"{self.item.code} {self.get_answer_display()}"


class Commitment(models.Model):
    """承诺书: signed once, kept."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="commitments")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="commitments")
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("承诺内容"))
    signed_name = models.CharField(_("签名"), max_length=50)
    signed_at = models.DateTimeField(_("签署时间"), default=timezone.now)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "campaigns_commitment"
        verbose_name = _("承诺书")
        verbose_name_plural = _("承诺书")
        constraints = [models.UniqueConstraint(fields=["campaign", "member"], name="commitment_once")]

    def __str__(self) -> str:
        return f"{self.member} · {self.campaign}"
