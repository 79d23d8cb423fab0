import django_filters
from django.utils import timezone

from qingfeng.ledger.filters import OrgFilterSet

from .models import Meeting


def _years():
    this = timezone.localdate().year
    return [(y, f"{y}年") for y in range(this + 1, this - 6, -1)]


class MeetingFilter(OrgFilterSet):
    """会议: by org (its subtree), kind, status, year and month of the start."""

    kind = django_filters.ChoiceFilter(label="会议类型", choices=Meeting.Kind.choices, empty_label="全部类型")
    status = django_filters.ChoiceFilter(label="状态", choices=Meeting.Status.choices, empty_label="全部状态")
    year = django_filters.ChoiceFilter(label="年份", field_name="starts_at", lookup_expr="year", choices=_years,
                                       empty_label="全部年份")
    month = django_filters.ChoiceFilter(label="月份", field_name="starts_at", lookup_expr="month",
                                        choices=[(m, f"{m}月") for m in range(1, 13)], empty_label="全部月份")

    class Meta:
        model = Meeting
        fields = ["org", "kind", "status", "year", "month"]
