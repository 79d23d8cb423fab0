"""The filters of the office's list (受理) and the units' list (承办)."""

import re

import django_filters
from django.db.models import Q
from django.utils import timezone

from qingfeng.core.filters import StyledFilterSet

from . import services
from .models import Assignment, Category, Proposal

NUMBER = re.compile(r"^(\d{4})-(\d{1,9})$")  # 2026-00042: the year submitted and the record's id


def _years():
    this = timezone.localdate().year
    return [(y, f"{y}年") for y in range(this, this - 6, -1)]


def by_number(queryset, text: str):
    """The item numbered `text` (2026-00042) in `queryset`, or None."""
    match = NUMBER.match(text.strip())
    if not match:
        return None
    item = queryset.filter(pk=int(match[2])).first()
    return item if item is not None and item.number == f"{match[1]}-{int(match[2]):05d}" else None


class ProposalFilter(StyledFilterSet):
    """受理: by status, kind, category, year submitted, lead unit (its 组织编码 or full name), number or title."""

    status = django_filters.ChoiceFilter(label="状态", choices=Proposal.Status.choices, empty_label="全部状态")
    kind = django_filters.ChoiceFilter(label="类型", choices=Proposal.Kind.choices, empty_label="全部类型")
    category = django_filters.ModelChoiceFilter(label="类别", queryset=Category.objects.all(), empty_label="全部类别")
    year = django_filters.ChoiceFilter(label="年份", field_name="submitted_at", lookup_expr="year", choices=_years,
                                       empty_label="全部年份")
    # The whole code or name: a substring search of every org of a region finds nothing useful, slowly.
    unit = django_filters.CharFilter(label="主办单位", method="filter_unit", max_length=100)
    q = django_filters.CharFilter(label="编号或标题", method="filter_q", max_length=100)

    class Meta:
        model = Proposal
        fields = ["status", "kind", "category", "year", "unit", "q"]

    def filter_unit(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(lead_unit__code=value) | Q(lead_unit__name=value)) if value else queryset

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        match = NUMBER.match(value)
        if match:
            return queryset.filter(pk=int(match[2]), submitted_at__year=int(match[1]))
        # the title of the office's items: bounded by the office, like every other condition here
        return queryset.filter(title__icontains=value)


class AssignmentFilter(StyledFilterSet):
    """承办: by the item's status, 逾期, 主办 or 协办."""

    status = django_filters.ChoiceFilter(label="事项状态", field_name="proposal__status",
                                         choices=Proposal.Status.choices, empty_label="全部状态")
    overdue = django_filters.ChoiceFilter(label="逾期", method="filter_overdue", empty_label="全部",
                                          choices=[("yes", "已逾期"), ("no", "未逾期")])
    lead = django_filters.ChoiceFilter(label="承办方式", method="filter_lead", empty_label="主办和协办",
                                       choices=[("lead", "主办"), ("co", "协办")])

    class Meta:
        model = Assignment
        fields = ["status", "overdue", "lead"]

    def filter_overdue(self, queryset, name, value):
        late = services.part_overdue_q()
        return queryset.filter(late) if value == "yes" else queryset.exclude(late)

    def filter_lead(self, queryset, name, value):
        return queryset.filter(lead=value == "lead")
