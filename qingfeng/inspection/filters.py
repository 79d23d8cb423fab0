import django_filters
from django.db.models import Q

from qingfeng.core.filters import StyledFilterSet
from qingfeng.orgs.models import Member


class InspectionProgressFilter(StyledFilterSet):
    """对照检查提交情况: members by how far they are (the view annotates `done` and `started`)."""

    SHOW = {"submitted": Q(done=True), "draft": Q(done=False, started=True), "none": Q(started=False)}

    show = django_filters.ChoiceFilter(
        label="状态", choices=[("submitted", "已提交"), ("draft", "填写中"), ("none", "未开始")],
        empty_label="全部", method="filter_show")

    class Meta:
        model = Member
        fields = ["show"]

    def filter_show(self, queryset, name, value):
        return queryset.filter(self.SHOW[value])


class CommitmentProgressFilter(StyledFilterSet):
    """承诺书签署情况: members by whether they signed (the view annotates `has_signed`)."""

    show = django_filters.ChoiceFilter(label="状态", choices=[("signed", "已签署"), ("unsigned", "未签署")],
                                       empty_label="全部", method="filter_show")

    class Meta:
        model = Member
        fields = ["show"]

    def filter_show(self, queryset, name, value):
        return queryset.filter(has_signed=value == "signed")
