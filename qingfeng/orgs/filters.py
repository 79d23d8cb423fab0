import django_filters
from django.utils import timezone

from qingfeng.core.filters import StyledFilterSet

from .models import Member, Role, probation_over_q

PROBATION_OVER = "probation_over"  # 预备期已满: probationary members due for 转正


class MemberFilter(StyledFilterSet):
    name = django_filters.CharFilter(label="姓名", lookup_expr="icontains")
    category = django_filters.ChoiceFilter(
        label="类别", choices=[*Member.Category.choices, (PROBATION_OVER, "预备期已满")],
        empty_label="全部类别", method="filter_category",
    )
    gender = django_filters.ChoiceFilter(label="性别", choices=Member.Gender.choices,
                                         empty_label="全部性别")
    is_leading_cadre = django_filters.ChoiceFilter(
        label="关键少数", choices=[("true", "是"), ("false", "否")], empty_label="全部",
        method="filter_leading_cadre",
    )
    status = django_filters.ChoiceFilter(
        label="状态", choices=[("active", "在册"), ("inactive", "已停用"), ("all", "全部")],
        empty_label=None, method="filter_status",
    )

    class Meta:
        model = Member
        fields = ["name", "category", "gender"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("status", "active")
        super().__init__(data, *args, **kwargs)

    def filter_category(self, queryset, name, value):
        if value == PROBATION_OVER:
            return queryset.filter(probation_over_q(timezone.localdate()))
        return queryset.filter(category=value)

    def filter_leading_cadre(self, queryset, name, value):
        return queryset.filter(is_leading_cadre=(value == "true"))

    def filter_status(self, queryset, name, value):
        if value == "active":
            return queryset.filter(is_active=True)
        if value == "inactive":
            return queryset.filter(is_active=False)
        return queryset


class RoleFilter(StyledFilterSet):
    kind = django_filters.ChoiceFilter(label="角色", choices=Role.Kind.choices, empty_label="全部角色")
    username = django_filters.CharFilter(label="用户名", field_name="user__username", lookup_expr="icontains")

    class Meta:
        model = Role
        fields = ["kind", "username"]
