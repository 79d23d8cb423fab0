"""查重: the template library (范文库), the fingerprint index and the result of each check.

Every text that can be a source of copying is a `Document` of the index: a library text, or a submitted
reflection or self-inspection (checked against the others of its region, this campaign's and earlier
ones'). Its `Fingerprint` rows are its winnowed shingle hashes (engine.py); `Term` counts in how many
library texts each fingerprint is, so a check recognizes stock phrases by reading only its own
fingerprints' rows. A submission's `Match` rows are the sources found with their passages.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qingfeng.campaigns.models import Campaign
from qingfeng.inspection.models import SelfInspection
from qingfeng.orgs.models import Member, Org
from qingfeng.study.models import Reflection


class LibraryText(models.Model):
    """A text of the template library: 范文 and 素材 that submissions are checked against.

    It belongs to an org and is used for the checks of that org's whole subtree."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("所属组织"))
    title = models.CharField(_("标题"), max_length=200)
    source = models.CharField(_("来源"), max_length=300, blank=True, help_text=_("网址、网站或书名"))
    text = models.TextField(_("正文"))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("导入时间"), default=timezone.now, editable=False)
    history = HistoricalRecords(excluded_fields=["text"])

    class Meta:
        verbose_name = _("范文")
        verbose_name_plural = _("范文库")
        ordering = ["-added_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Document(models.Model):
    """A text in the fingerprint index; for a submission, also the result of its check."""

    class Kind(models.TextChoices):
        LIBRARY = "library", _("范文库")
        REFLECTION = "reflection", _("心得体会")
        INSPECTION = "inspection", _("对照检查材料")

    class Status(models.TextChoices):
        INDEXED = "indexed", _("已入库")  # a library text
        PENDING = "pending", _("查重中")
        CHECKED = "checked", _("已查重")
        FAILED = "failed", _("查重失败")

    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    library_text = models.OneToOneField(LibraryText, on_delete=models.CASCADE, null=True, blank=True,
                                        related_name="document")
    reflection = models.OneToOneField(Reflection, on_delete=models.CASCADE, null=True, blank=True,
                                      related_name="originality")
    inspection = models.OneToOneField(SelfInspection, on_delete=models.CASCADE, null=True, blank=True,
                                      related_name="originality")
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("正文"))  # as indexed and checked: the offsets of matches point into it
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    score = models.FloatField(_("重复率"), null=True, blank=True)
    characters = models.PositiveIntegerField(_("有效字数"), default=0)  # normalized: no punctuation or spaces
    error = models.CharField(max_length=200, blank=True)
    indexed_at = models.DateTimeField(default=timezone.now)
    checked_at = models.DateTimeField(_("查重时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("查重文本")
        verbose_name_plural = _("查重文本")
        indexes = [models.Index(fields=["campaign", "kind", "score"])]

    def __str__(self) -> str:
        return self.title


class Fingerprint(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    hash = models.BigIntegerField()
    library = models.BooleanField()  # the document is a library text: the common case of a lookup, kept here

    class Meta:
        indexes = [models.Index(fields=["hash", "library"])]

    def __str__(self) -> str:
        return f"{self.hash:x}"


class Term(models.Model):
    """In how many library texts a fingerprint is: past `engine.stock_limit` it is a stock phrase."""

    hash = models.BigIntegerField(primary_key=True)
    documents = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.hash:x} × {self.documents}"


class Match(models.Model):
    """One source a submission was found to share passages with."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="matches")
    source = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("重复率"))
    # [[start, end, source_start, source_end], ...]: character offsets in the two documents' `text`
    spans = models.JSONField(default=list)

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [models.UniqueConstraint(fields=["document", "source"], name="match_once")]

    def __str__(self) -> str:
        return f"{self.document} ← {self.source} {self.score:.0%}"


class Threshold(models.Model):
    """A campaign's line above which a submission is flagged (标记为疑似抄袭); the default is engine.THRESHOLD."""

    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, related_name="originality_threshold")
    flag_at = models.FloatField(_("标记线（重复率）"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("查重标记线")
        verbose_name_plural = _("查重标记线")

    def __str__(self) -> str:
        return f"{self.campaign} {self.flag_at:.0%}"
