import django_tables2 as tables
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.template.defaultfilters import truncatechars
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .models import Problem, Rectification

# Read on phones: keep description, measure, owner, due date and status there.
HIDE_ON_PHONE = {"td": {"class": "qf-hide-sm"}, "th": {"class": "qf-hide-sm"}}
TABLE_ATTRS = {"class": "table table-sm table-hover align-middle"}

STATUS_STYLES = {
    Rectification.Status.OPEN: "secondary",
    Rectification.Status.IN_PROGRESS: "primary",
    Rectification.Status.SUBMITTED: "info",
    Rectification.Status.ACCEPTED: "success",
    Rectification.Status.RETURNED: "warning",
}


def status_badge(rectification):
    return format_html('<span class="badge text-bg-{}">{}</span>',
                       STATUS_STYLES.get(rectification.status, "secondary"),
                       rectification.get_status_display())


def overdue_badge(rectification, today):
    if rectification.is_overdue(today):
        return mark_safe('<span class="badge text-bg-danger">逾期</span>')
    return ""


class CappedPaginator(Paginator):
    """Counts at most `cap` rows: an exact COUNT(*) over a region's 1.45 M rows took 1.7 s.

    Lists up to `cap` rows keep their exact count; longer ones show "2,000+ 条" and page
    through their first `cap` rows (80 pages of 25), so a user narrows them with the filters.
    The count runs on a LIMIT-ed subquery and stops at cap + 1 rows: each counted row costs a
    few µs of joins for the permission rule, so 2,000 keeps it to ~5–30 ms at 500,000 members
    where 10,000 took up to 160 ms (docs/benchmarks.md, "Ledger list at region scale").
    """

    cap = 2_000

    @cached_property
    def count(self):
        rows = self.object_list
        while not isinstance(rows, QuerySet):  # django-tables2 wraps the queryset twice
            rows = rows.data
        found = rows.order_by()[:self.cap + 1].count()
        self.capped = found > self.cap
        return min(found, self.cap)

    @property
    def count_display(self) -> str:
        count = self.count  # sets `capped`
        return f"{count:,}+" if self.capped else f"{count:,}"


class ProblemTable(tables.Table):
    description = tables.Column(linkify=("problem_detail", [tables.A("pk")]))
    member = tables.Column(default="（组织）", order_by=("member__name_pinyin", "pk"))
    org = tables.Column(order_by=("org__path",), attrs=HIDE_ON_PHONE)
    source = tables.Column()
    dimension = tables.Column(attrs=HIDE_ON_PHONE)
    checklist_item = tables.Column(attrs=HIDE_ON_PHONE, orderable=False)
    rectification_count = tables.Column(verbose_name="整改措施", attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Problem
        fields = ["description", "member", "org", "source", "dimension", "checklist_item",
                  "rectification_count"]
        attrs = TABLE_ATTRS
        empty_text = "没有符合条件的问题"

    def render_description(self, value):
        return truncatechars(value, 40)

    def render_rectification_count(self, value):
        if not value:  # registered, but nobody has been given a measure yet
            return mark_safe('<span class="badge text-bg-warning">未制定整改措施</span>')
        return value

    def render_source(self, value, record):
        if record.is_confidential:
            return format_html('<span class="badge text-bg-dark">{}</span>', value)
        return value


class LedgerTable(tables.Table):
    """整改台账: one row per rectification; 逾期 is derived on display, never stored."""

    problem = tables.Column(verbose_name="问题描述", orderable=False, attrs=HIDE_ON_PHONE)
    measure = tables.Column(linkify=("rectification_detail", [tables.A("pk")]), orderable=False)
    owner = tables.Column(order_by=("owner__name_pinyin", "pk"), attrs={"td": {"class": "text-nowrap"}})
    leader = tables.Column(order_by=("leader__name_pinyin", "pk"), attrs=HIDE_ON_PHONE)
    due_date = tables.DateColumn(attrs={"td": {"class": "text-nowrap"}})
    # Along the index (kind, due_date, id): sorting by kind alone sorted every visible row.
    kind = tables.Column(order_by=("kind", "due_date", "id"), attrs=HIDE_ON_PHONE)
    status = tables.Column(attrs={"td": {"class": "text-nowrap"}})
    overdue = tables.Column(verbose_name="逾期", empty_values=(), orderable=False,
                            attrs={"td": {"class": "text-nowrap"}})
    org = tables.Column(order_by=("org__path",), attrs=HIDE_ON_PHONE)

    class Meta:
        model = Rectification
        fields = ["problem", "measure", "owner", "leader", "due_date", "kind", "status", "overdue", "org"]
        # Below md the list shows a card per rectification (ledger_list.html): in a table column
        # a measure wrapped to seven lines at 375 px.
        attrs = {**TABLE_ATTRS, "class": f"{TABLE_ATTRS['class']} d-none d-md-table"}
        empty_text = "没有符合条件的整改措施"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()

    def render_problem(self, value):
        return truncatechars(value.description, 30)

    def render_measure(self, value):
        return truncatechars(value, 40)

    def render_status(self, record):
        return status_badge(record)

    def render_overdue(self, record):
        return overdue_badge(record, self.today) or "—"
