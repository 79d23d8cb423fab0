"""查重 reports: a submission's report, its summary (polled while the check runs), a campaign's results.

The secretary and the viewers above read the reports of their subtree; a member reads her own. A source
that is another person's submission shows its text only to who may read that submission.
"""

import django_filters
import django_tables2 as tables
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.html import format_html

from qingfeng.campaigns.context import campaign_context, load_campaign
from qingfeng.core.filters import StyledFilterSet
from qingfeng.core.paging import paginate_table
from qingfeng.core.permissions import can, get_allowed_or_404, visible_to
from qingfeng.core.tables import HIDE_ON_PHONE, HIDE_ON_PHONE_NOWRAP, NOWRAP, TABLE_ATTRS

from ..checks import flagged, threshold_of
from ..models import Document
from ..report import report, summary_context

SUBMISSIONS = (Document.Kind.REFLECTION, Document.Kind.INSPECTION)
RESULTS_PER_PAGE = 25


def submission_or_404(user, pk) -> Document:
    return get_allowed_or_404(user, Document.objects.filter(kind__in=SUBMISSIONS).select_related(
        "campaign", "org", "member"), pk)


def target_url(document: Document) -> str:
    """The page of the submission a document checks."""
    if document.reflection_id:
        return reverse("reflection_detail", args=[document.campaign_id, document.reflection_id])
    return reverse("inspection_detail", args=[document.campaign_id, document.inspection_id])


@login_required
def originality_report(request, pk):
    document = submission_or_404(request.user, pk)
    threshold = threshold_of(document.campaign)
    return render(request, "originality/report.html", {
        **campaign_context(request, document.campaign, "originality"), **report(request.user, document),
        "document": document, "threshold": threshold, "flagged": flagged(document, threshold),
        "target_url": target_url(document)})


@login_required
def originality_summary(request, pk):
    """The summary card alone: what a submission's page asks for every two seconds until the check is done."""
    document = submission_or_404(request.user, pk)
    return render(request, "originality/_summary.html", summary_context(document, request.user))


class ResultFilter(StyledFilterSet):
    kind = django_filters.ChoiceFilter(label="类型", choices=[(kind.value, kind.label) for kind in SUBMISSIONS],
                                       empty_label="全部类型")
    flagged = django_filters.ChoiceFilter(label="标记", choices=[("1", "疑似抄袭"), ("0", "未标记")],
                                          empty_label="全部", method="filter_flagged")

    class Meta:
        model = Document
        fields = ["kind"]

    def __init__(self, *args, threshold: float, **kwargs):
        super().__init__(*args, **kwargs)
        self.threshold = threshold

    def filter_flagged(self, queryset, name, value):
        over = Q(score__gte=self.threshold)
        return queryset.filter(over) if value == "1" else queryset.exclude(over)


class ResultTable(tables.Table):
    title = tables.Column(verbose_name="标题", linkify=lambda record: reverse("originality_report", args=[record.pk]))
    member = tables.Column(verbose_name="党员", accessor="member__name", order_by=("member__name_pinyin", "pk"),
                           attrs=NOWRAP)
    org = tables.Column(verbose_name="组织", accessor="org__name", order_by=("org__path",), attrs=HIDE_ON_PHONE)
    kind = tables.Column(verbose_name="类型", attrs=HIDE_ON_PHONE_NOWRAP)
    score = tables.Column(verbose_name="重复率", attrs=NOWRAP)
    checked_at = tables.DateTimeColumn(verbose_name="查重时间", attrs=HIDE_ON_PHONE_NOWRAP)

    class Meta:
        model = Document
        fields = ["title", "member", "org", "kind", "score", "checked_at"]
        attrs = {**TABLE_ATTRS, "id": "results"}
        empty_text = "暂无查重结果"

    def __init__(self, *args, threshold: float, **kwargs):
        super().__init__(*args, **kwargs)
        self.threshold = threshold

    def render_score(self, record):
        if record.status != Document.Status.CHECKED:
            return format_html('<span class="text-muted">{}</span>', record.get_status_display())
        if flagged(record, self.threshold):
            return format_html('<span class="badge text-bg-danger">{} 疑似抄袭</span>', f"{record.score:.0%}")
        return f"{record.score:.0%}"


@login_required
def originality_results(request, campaign_pk):
    campaign = load_campaign(request, campaign_pk)
    threshold = threshold_of(campaign)
    documents = (visible_to(request.user, Document).filter(campaign=campaign, kind__in=SUBMISSIONS)
                 .select_related("member", "org").defer("text").order_by("-score", "-pk"))
    result_filter = ResultFilter(request.GET, queryset=documents, threshold=threshold)
    table = ResultTable(result_filter.qs if result_filter.is_valid() else documents.none(), threshold=threshold)
    paginate_table(request, table, RESULTS_PER_PAGE)
    return render(request, "originality/results.html", {
        **campaign_context(request, campaign, "originality"), "filter": result_filter, "table": table,
        "threshold": threshold, "may_configure": can(request.user, "configure_originality", campaign)})


urlpatterns = [
    path("originality/<int:pk>/", originality_report, name="originality_report"),
    path("originality/<int:pk>/summary/", originality_summary, name="originality_summary"),
    path("campaigns/<int:campaign_pk>/originality/", originality_results, name="originality_results"),
]
