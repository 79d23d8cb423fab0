import django_tables2 as tables
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
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


def _link(record, text):
    return format_html('<a href="{}">{}</a>', reverse("rectification_detail", args=[record.pk]), text)


class Cell(tables.Column):
    """A column whose cell is its table's `cell(name, record)`, None included."""

    empty_values = ()

    def render(self, record, table, bound_column):
        return table.cell(bound_column.name, record)


class LedgerTable(tables.Table):
    """整改台账: one row per rectification; 逾期 is derived on display, never stored.

    The columns give the headers, the sort orders and each cell's attributes; what a cell shows is `CELLS`. The
    page writes its body in one pass (`body`): django-tables2 renders every cell through its accessor, an
    inspection of the render method's signature and the column's attributes, about 1 ms a row, a third of the page
    at 500,000 members (docs/benchmarks.md, "Ledger list at region scale"). A test compares the two renderings."""

    problem = Cell(verbose_name="问题描述", orderable=False, attrs=HIDE_ON_PHONE)
    measure = Cell(orderable=False)
    owner = Cell(order_by=("owner__name_pinyin", "pk"), attrs={"td": {"class": "text-nowrap"}})
    leader = Cell(order_by=("leader__name_pinyin", "pk"), attrs=HIDE_ON_PHONE)
    due_date = Cell(attrs={"td": {"class": "text-nowrap"}})
    # Along the index (kind, due_date, id): sorting by kind alone sorted every visible row.
    kind = Cell(order_by=("kind", "due_date", "id"), attrs=HIDE_ON_PHONE)
    status = Cell(attrs={"td": {"class": "text-nowrap"}})
    overdue = Cell(verbose_name="逾期", orderable=False, attrs={"td": {"class": "text-nowrap"}})
    org = Cell(order_by=("org__path",), attrs=HIDE_ON_PHONE)

    # What each column shows of a rectification, `today` given for 逾期; "—" where there is nothing.
    CELLS = {
        "problem": lambda r, today: truncatechars(r.problem.description, 30),
        "measure": lambda r, today: _link(r, truncatechars(r.measure, 40)),
        "owner": lambda r, today: r.owner,
        "leader": lambda r, today: r.leader or "—",
        "due_date": lambda r, today: date_format(r.due_date, "SHORT_DATE_FORMAT") if r.due_date else "—",
        "kind": lambda r, today: r.get_kind_display(),
        "status": lambda r, today: status_badge(r),
        "overdue": lambda r, today: overdue_badge(r, today) or "—",
        "org": lambda r, today: r.org,
    }

    class Meta:
        model = Rectification
        fields = ["problem", "measure", "owner", "leader", "due_date", "kind", "status", "overdue", "org"]
        # Below md the list shows a card per rectification (ledger_list.html): in a table column
        # a measure wrapped to seven lines at 375 px.
        attrs = {**TABLE_ATTRS, "class": f"{TABLE_ATTRS['class']} d-none d-md-table"}
        empty_text = "没有符合条件的整改措施"
        template_name = "ledger/_ledger_table.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()

    def cell(self, name, record):
        return self.CELLS[name](record, self.today)

    def cards(self) -> list[tuple]:
        """(rectification, status badge, 逾期 badge or "") for the page's cards on a phone."""
        return [(row.record, self.cell("status", row.record), overdue_badge(row.record, self.today))
                for row in self.paginated_rows]

    def body(self) -> str:
        """The page's rows as django-tables2 writes them (`<tr class="even|odd">`, each `<td>` with its column's
        attributes), or its empty text."""
        columns = [(column.name, column.attrs["td"].as_html()) for column in self.columns]
        rows = [format_html('<tr class="{}">{}</tr>', "odd" if i % 2 else "even", format_html_join(
            "", "<td {}>{}</td>", ((attrs, self.cell(name, row.record)) for name, attrs in columns)))
            for i, row in enumerate(self.paginated_rows)]
        if not rows:
            return format_html('<tr><td colspan="{}">{}</td></tr>', len(columns), self.empty_text)
        return mark_safe("".join(rows))
