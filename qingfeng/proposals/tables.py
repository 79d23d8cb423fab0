import django_tables2 as tables
from django.urls import reverse
from django.utils.safestring import mark_safe

from qingfeng.core.tables import HIDE_ON_PHONE, HIDE_ON_PHONE_NOWRAP, NOWRAP, TABLE_ATTRS

from . import services
from .models import Assignment, Proposal
from .templatetags.proposals import status_badge

S = Proposal.Status
LATE = mark_safe('<span class="badge text-bg-danger" data-overdue>逾期</span>')  # a constant, no user text


def _number(url_name: str):
    """The item's number (2026-00042), linked to its page `url_name`, in the order submitted."""
    return tables.Column(verbose_name="编号", accessor="pk", order_by=("submitted_at", "pk"), attrs=NOWRAP,
                         linkify=lambda record: reverse(url_name, args=[record.pk]))


def _submitted_column():
    return tables.DateColumn(verbose_name="提交日期", order_by=("submitted_at", "pk"), attrs=HIDE_ON_PHONE_NOWRAP)


def _rating_column():
    # empty_values=(): an empty rating is rendered too, as 未评价 or —
    return tables.Column(verbose_name="满意度", attrs=HIDE_ON_PHONE_NOWRAP, empty_values=())


def _rating(proposal) -> str:
    if proposal.rating:
        return proposal.get_rating_display()
    return "未评价" if proposal.status in (S.REPLIED, S.CLOSED) else "—"


class ProposalTable(tables.Table):
    """受理: number, title and status stay on phones; 逾期 is `services.overdue` (办理中 past its deadline)."""

    number = _number("proposal_detail")
    kind = tables.Column(verbose_name="类型", attrs=HIDE_ON_PHONE_NOWRAP)
    category = tables.Column(verbose_name="类别", accessor="category__name", order_by=("category__order",),
                             attrs=HIDE_ON_PHONE_NOWRAP)
    title = tables.Column(verbose_name="标题", linkify=lambda record: reverse("proposal_detail", args=[record.pk]))
    status = tables.Column(verbose_name="状态", attrs=NOWRAP)
    submitted_at = _submitted_column()
    lead_unit = tables.Column(verbose_name="主办单位", accessor="lead_unit__name", order_by=("lead_unit__path",),
                              attrs=HIDE_ON_PHONE, default="—")
    deadline = tables.DateColumn(verbose_name="办理时限", attrs=HIDE_ON_PHONE_NOWRAP, default="—")
    overdue = tables.Column(verbose_name="逾期", accessor="pk", orderable=False, attrs=NOWRAP)
    rating = _rating_column()

    class Meta:
        model = Proposal
        fields = ["number", "kind", "category", "title", "status", "submitted_at", "lead_unit", "deadline",
                  "overdue", "rating"]
        attrs = {**TABLE_ATTRS, "id": "proposals"}
        empty_text = "暂无提案或社情民意"

    def render_number(self, record):
        return record.number

    def render_status(self, record):
        return status_badge(record)

    def render_overdue(self, record):
        return LATE if services.overdue(record) else ""

    def render_rating(self, record):
        return _rating(record)


class AssignmentTable(tables.Table):
    """承办: the item, 主办 or 协办, its deadline and whether this unit's part is late (`services.part_overdue`)."""

    number = tables.Column(verbose_name="编号", accessor="proposal_id", order_by=("proposal__submitted_at", "pk"),
                           attrs=NOWRAP, linkify=lambda record: reverse("assignment_detail", args=[record.pk]))
    title = tables.Column(verbose_name="标题", accessor="proposal__title",
                          linkify=lambda record: reverse("assignment_detail", args=[record.pk]))
    unit = tables.Column(verbose_name="承办单位", accessor="unit__name", order_by=("unit__path",), attrs=HIDE_ON_PHONE)
    lead = tables.Column(verbose_name="承办方式", attrs=NOWRAP)
    status = tables.Column(verbose_name="事项状态", accessor="proposal__status", attrs=NOWRAP)
    deadline = tables.DateColumn(verbose_name="办理时限", order_by=("deadline", "pk"), attrs=NOWRAP)
    done_at = tables.DateColumn(verbose_name="完成日期", attrs=HIDE_ON_PHONE_NOWRAP, default="—")
    overdue = tables.Column(verbose_name="逾期", accessor="pk", orderable=False, attrs=NOWRAP)

    class Meta:
        model = Assignment
        fields = ["number", "title", "unit", "lead", "status", "deadline", "done_at", "overdue"]
        attrs = {**TABLE_ATTRS, "id": "assignments"}
        empty_text = "暂无承办事项"

    def render_number(self, record):
        return record.proposal.number

    def render_lead(self, value):
        return "主办" if value else "协办"

    def render_status(self, record):
        return status_badge(record.proposal)

    def render_overdue(self, record):
        return LATE if services.part_overdue(record) else ""


class MyProposalTable(tables.Table):
    """我的提案: what she submitted, its status and the rating she gave."""

    number = _number("my_proposal")
    title = tables.Column(verbose_name="标题", linkify=lambda record: reverse("my_proposal", args=[record.pk]))
    status = tables.Column(verbose_name="状态", attrs=NOWRAP)
    submitted_at = _submitted_column()
    rating = _rating_column()

    class Meta:
        model = Proposal
        fields = ["number", "title", "status", "submitted_at", "rating"]
        attrs = {**TABLE_ATTRS, "id": "my-proposals"}
        empty_text = "您还没有提交过提案或社情民意"

    def render_number(self, record):
        return record.number

    def render_status(self, record):
        return status_badge(record)

    def render_rating(self, record):
        return _rating(record)
