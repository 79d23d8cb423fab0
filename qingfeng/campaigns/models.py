"""The campaign: its phases and key tasks, and the problem-list library it checks against."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qingfeng.orgs.models import Org

DEFAULT_DIMENSIONS = ["政治素质", "担当作为", "工作本领", "工作作风"]


class Checklist(models.Model):
    """A problem list (问题清单). Versioned: a version in use is never edited, a new one is made."""

    code = models.SlugField(_("清单编码"), max_length=64)
    version = models.PositiveIntegerField(_("版本"), default=1)
    title = models.CharField(_("清单名称"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    is_example = models.BooleanField(_("示例清单"), default=False,
                                     help_text=_("项目自带的示例，不是正式文件"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("问题清单")
        verbose_name_plural = _("问题清单")
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="checklist_version")]

    def __str__(self) -> str:
        return f"{self.title}（第 {self.version} 版）"

    @property
    def is_in_use(self) -> bool:
        return self.campaigns.exists()


class ChecklistCategory(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(_("类别编码"), max_length=32)
    title = models.CharField(_("问题类别"), max_length=200)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("问题类别")
        verbose_name_plural = _("问题类别")
        ordering = ["checklist", "order"]
        constraints = [models.UniqueConstraint(fields=["checklist", "code"], name="category_code")]

    def __str__(self) -> str:
        return self.title


class ChecklistItem(models.Model):
    category = models.ForeignKey(ChecklistCategory, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("条目编码"), max_length=32)
    text = models.TextField(_("具体表现"))
    guidance = models.TextField(_("对照提示"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("问题条目")
        verbose_name_plural = _("问题条目")
        ordering = ["category__order", "order"]

    def __str__(self) -> str:
        shown = self.text if len(self.text) <= 30 else f"{self.text[:30]}…"  # shortened, and saying so
        return f"{self.code} {shown}"


class Campaign(models.Model):
    """A time-boxed 学·查·改 campaign over an org subtree."""

    class Kind(models.TextChoices):
        CONCENTRATED = "concentrated", _("集中治理")
        SPECIAL = "special", _("专项整治")
        THEME = "theme", _("主题教育")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        ACTIVE = "active", _("进行中")
        CLOSED = "closed", _("已结束")

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="campaigns",
                            verbose_name=_("开展范围"))
    title = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.SPECIAL)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="campaigns",
                                  null=True, blank=True, verbose_name=_("问题清单"))
    commitment_text = models.TextField(_("承诺书内容"), blank=True)
    dimensions = models.JSONField(_("对照检查维度"), default=list, blank=True)
    remind_days_before = models.PositiveIntegerField(
        _("到期前提醒天数"), default=3, help_text=_("整改时限前 N 天发出提醒"))
    escalate_after_days = models.PositiveIntegerField(
        _("逾期督办天数"), default=7,
        help_text=_("逾期当天催办；逾期 M 天督办；逾期 2M 天建议约谈"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("创建人"))
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("专项工作")
        verbose_name_plural = _("专项工作")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


    def get_dimensions(self) -> list[str]:
        return self.dimensions or DEFAULT_DIMENSIONS

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class Phase(models.Model):
    class Kind(models.TextChoices):
        STUDY = "study", _("学")
        INSPECT = "inspect", _("查")
        RECTIFY = "rectify", _("改")
        REVIEW = "review", _("总结")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("阶段"), max_length=10, choices=Kind.choices)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))

    class Meta:
        verbose_name = _("阶段")
        verbose_name_plural = _("阶段")
        ordering = ["start"]
        constraints = [models.UniqueConstraint(fields=["campaign", "kind"], name="phase_once")]

    def __str__(self) -> str:
        return self.get_kind_display()


class KeyTask(models.Model):
    """规定动作 (required of every org) or 自选动作 (chosen by one org)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="key_tasks")
    title = models.CharField(_("任务"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    required = models.BooleanField(_("规定动作"), default=True)
    org = models.ForeignKey(Org, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                            verbose_name=_("自选组织"))

    class Meta:
        verbose_name = _("重点任务")
        verbose_name_plural = _("重点任务")
        ordering = ["-required", "id"]

    def __str__(self) -> str:
        return self.title
