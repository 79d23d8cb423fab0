import django_filters

from qingfeng.core.filters import StyledFilterSet

from .models import Reflection, StudyActivity


class StudyActivityFilter(StyledFilterSet):
    kind = django_filters.ChoiceFilter(label="形式", choices=StudyActivity.Kind.choices, empty_label="全部形式")

    class Meta:
        model = StudyActivity
        fields = ["kind"]


class ReflectionFilter(StyledFilterSet):
    """收到的心得体会: a draft is the member's own until submitted, so it is not a choice."""

    status = django_filters.ChoiceFilter(
        label="状态", empty_label="全部状态",
        choices=[c for c in Reflection.Status.choices if c[0] != Reflection.Status.DRAFT])

    class Meta:
        model = Reflection
        fields = ["status"]
