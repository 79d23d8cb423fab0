from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class SummaryText(models.Model):
    """The words of a campaign's 总结报告 for one org: the sections only a person can write.

    The figures and tables of 基本情况 and 取得的成效 are computed (reports.figures) each time the .docx is
    made; these texts are written in the app by whoever may launch campaigns at that org
    (reports.summary.may_write) and every change is kept.
    """

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name="组织")
    overview = models.TextField("基本情况（补充文字）", blank=True, max_length=5000,
                                help_text="可不填。写在统计数字之前，如专项工作的部署、启动和推进情况。")
    practices = models.TextField("主要做法", blank=True, max_length=5000)
    results = models.TextField("取得的成效（补充文字）", blank=True, max_length=5000,
                               help_text="可不填。写在统计数字之前，如典型经验和群众评价。")
    shortcomings = models.TextField("存在的不足", blank=True, max_length=5000)
    next_steps = models.TextField("下步打算", blank=True, max_length=5000)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "总结报告文字"
        verbose_name_plural = "总结报告文字"
        constraints = [models.UniqueConstraint(fields=["campaign", "org"], name="one_summary_text_per_org")]

    def __str__(self) -> str:
        return f"{self.campaign_id}/{self.org_id}"


# The report's five sections in order: (field, heading, filled by the figures). A section the figures fill
# takes the text as an optional lead-in; the others are the text alone, and read 「（未填写）」 while empty.
SUMMARY_SECTIONS = (
    ("overview", "一、基本情况", True),
    ("practices", "二、主要做法", False),
    ("results", "三、取得的成效", True),
    ("shortcomings", "四、存在的不足", False),
    ("next_steps", "五、下步打算", False),
)


class ComplianceNotice(models.Model):
    """One message of the organization-life ladder sent about a branch for a month (see reports.compliance_ladder):
    what is due at the start of the month, or a month that ended with a required kind missing (提醒, then 催办, then
    督办 for months missed in a row), or a 生活会 of that month not reported to the superior in time. Kept so that the
    daily job tells each once."""

    class Level(models.IntegerChoices):
        DUE = 0, "应办提醒"
        REMIND = 1, "提醒"
        URGE = 2, "催办"
        SUPERVISE = 3, "督办"
        LIFE_REPORT = 4, "生活会逾期未上报"

    org = models.ForeignKey("orgs.Org", on_delete=models.CASCADE, related_name="+", verbose_name="党支部")
    year = models.PositiveSmallIntegerField("年")
    month = models.PositiveSmallIntegerField("月")
    level = models.PositiveSmallIntegerField("级别", choices=Level.choices)
    missing = models.CharField("缺项", max_length=500, blank=True)
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)

    class Meta:
        verbose_name = "组织生活督办记录"
        verbose_name_plural = "组织生活督办记录"
        constraints = [models.UniqueConstraint(fields=["org", "year", "month", "level"],
                                               name="compliance_notice_once")]

    def __str__(self) -> str:
        return f"{self.org_id} {self.year}-{self.month} {self.get_level_display()}"
