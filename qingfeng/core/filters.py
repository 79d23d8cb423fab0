"""What every list's FilterSet shares: Bootstrap's small form controls on its fields; core's own lists' filters."""

import datetime

import django_filters
from django.utils import timezone

from .forms import DATE
from .models import AuditEntry


class StyledFilterSet(django_filters.FilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            is_select = hasattr(field, "choices")
            field.widget.attrs["class"] = "form-select form-select-sm" if is_select else "form-control form-control-sm"


def _action_choices():
    from .audit import LABELS

    return sorted(LABELS.items())


class AuditEntryFilter(StyledFilterSet):
    """审计日志: by act, by account, by day (inclusive, in local time)."""

    action = django_filters.ChoiceFilter(label="操作", choices=_action_choices, empty_label="全部操作")
    # The whole username: a substring search would scan every entry of the subtree.
    username = django_filters.CharFilter(label="用户名", max_length=150)
    since = django_filters.DateFilter(label="起始日期", method="filter_since", widget=DATE)
    until = django_filters.DateFilter(label="截止日期", method="filter_until", widget=DATE)

    class Meta:
        model = AuditEntry
        fields = ["action", "username"]

    def filter_since(self, queryset, name, value):
        return queryset.filter(when__gte=_midnight(value))

    def filter_until(self, queryset, name, value):
        return queryset.filter(when__lt=_midnight(value, days_after=1))


# Years 1 and 9999 are valid dates but overflow once shifted to UTC; no entry is older or newer than these.
EARLIEST, LATEST = datetime.date(2000, 1, 1), datetime.date(9000, 1, 1)


def _midnight(day: datetime.date, days_after: int = 0) -> datetime.datetime:
    """The local midnight starting `day` (+ `days_after`): a range on the indexed column itself (when__date
    would convert every row's time)."""
    day = min(max(day, EARLIEST), LATEST) + datetime.timedelta(days=days_after)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
