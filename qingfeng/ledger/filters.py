import django_filters
from django.db.models import Q

from qingfeng.campaigns.models import Campaign
from qingfeng.core.permissions import visible_to
from qingfeng.orgs.models import Org

from .models import Problem, Rectification


class StyledFilterSet(django_filters.FilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            is_select = hasattr(field, "choices")
            field.widget.attrs["class"] = "form-select form-select-sm" if is_select else "form-control form-control-sm"

    def filter_org(self, queryset, name, value):
        # The queryset is already what the user may see; this narrows it to one org's subtree.
        return queryset.filter(org__path__startswith=value.path)


class ProblemFilter(StyledFilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_search")
    source = django_filters.ChoiceFilter(label="来源", choices=Problem.Source.choices, empty_label="全部来源")
    dimension = django_filters.ChoiceFilter(label="维度", empty_label="全部维度")
    org = django_filters.ModelChoiceFilter(label="组织", queryset=Org.objects.none(), method="filter_org",
                                           empty_label="全部组织")

    class Meta:
        model = Problem
        fields = ["q", "source", "dimension", "org"]

    def __init__(self, data=None, *args, user, campaign, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.form.fields["dimension"].choices = [("", "全部维度")] + [(d, d) for d in campaign.get_dimensions()]
        self.form.fields["org"].queryset = (
            visible_to(user, Org).filter(path__startswith=campaign.org.path)
            .exclude(kind=Org.Kind.GROUP).order_by("path"))

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(description__icontains=value) | Q(example__icontains=value)
                               | Q(member__name__icontains=value))


class LedgerFilter(StyledFilterSet):
    campaign = django_filters.ModelChoiceFilter(
        label="专项工作", field_name="problem__campaign", queryset=Campaign.objects.none(),
        empty_label="全部专项工作")
    status = django_filters.ChoiceFilter(label="状态", choices=Rectification.Status.choices,
                                         empty_label="全部状态")
    kind = django_filters.ChoiceFilter(label="类型", choices=Rectification.Kind.choices, empty_label="全部类型")
    overdue = django_filters.ChoiceFilter(label="逾期", choices=[("yes", "已逾期"), ("no", "未逾期")],
                                          empty_label="全部", method="filter_overdue")
    owner = django_filters.CharFilter(label="责任人", field_name="owner__name", lookup_expr="icontains")
    org = django_filters.ModelChoiceFilter(label="组织", queryset=Org.objects.none(), method="filter_org",
                                           empty_label="全部组织")

    class Meta:
        model = Rectification
        fields = ["campaign", "status", "kind", "overdue", "owner", "org"]

    def __init__(self, data=None, *args, user, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.form.fields["campaign"].queryset = visible_to(user, Campaign).order_by("-created_at")
        self.form.fields["org"].queryset = (
            visible_to(user, Org).exclude(kind=Org.Kind.GROUP).order_by("path"))

    def filter_overdue(self, queryset, name, value):
        overdue = Rectification.overdue_q()
        return queryset.filter(overdue) if value == "yes" else queryset.exclude(overdue)
