import functools

import django_filters
from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from qingfeng.campaigns.models import Campaign
from qingfeng.core.filters import StyledFilterSet
from qingfeng.core.permissions import anywhere, grants, visible_to
from qingfeng.orgs.models import Org

from .models import Problem, Rectification


def memoize(method):
    """Once per filterset: a widget reads its choices more than once while rendering."""

    @functools.wraps(method)
    def wrapper(self):
        cache = self.__dict__.setdefault("_memo", {})
        if method.__name__ not in cache:
            cache[method.__name__] = method(self)
        return cache[method.__name__]

    return wrapper


class QuickSelect(forms.Select):
    """A <select> of flat choices written in one pass: Django renders each option through a
    template (about 45 µs each), ~10 ms for a region committee's 250 direct sub-orgs."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value is None else str(value)
        options = format_html_join("", '<option value="{}"{}>{}</option>', (
            (key, " selected" if str(key) == chosen else "", label) for key, label in self.choices))
        return format_html("<select{}>{}</select>", flatatt({**self.build_attrs(self.attrs, attrs), "name": name}),
                           options)


class OrgFilterSet(StyledFilterSet):
    """A filter set with a 组织 choice that stays short at any scale.

    The list offers the orgs at `org_roots()` and their direct sub-orgs, plus, once an org is
    chosen, the way down to it, its siblings and its direct sub-orgs (choose one to go deeper).
    Any org in `orgs` is accepted, listed or not: validation looks it up through `visible_to`,
    and anything else is refused with a message.
    """

    ORG_OUT_OF_SCOPE = "所选组织不存在或不在您的查看范围内"

    # queryset: the user's, set in __init__
    org = django_filters.ModelChoiceFilter(label="组织", queryset=None, method="filter_org",
                                           empty_label="全部组织", widget=QuickSelect)

    def __init__(self, data=None, *args, user, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.user = user
        org = self.form.fields["org"]
        # Validation looks the chosen id up in this (one query); the widget lists only a few.
        org.queryset = self.orgs()
        org.error_messages["invalid_choice"] = self.ORG_OUT_OF_SCOPE
        org.widget.choices = self.org_choices  # a callable: read when the form renders, after validation

    def orgs(self):
        return visible_to(self.user, Org).exclude(kind=Org.Kind.GROUP)

    def filter_org(self, queryset, name, value):
        # The queryset is already what the user may see; this narrows it to one org's subtree.
        return queryset.filter(org__path__startswith=value.path)

    def org_roots(self) -> list[str]:
        """Paths of the orgs listed first; "" lists the root orgs and their sub-orgs."""
        g = grants(self.user)
        return [""] if g.superuser else list(g.prefixes("view"))

    def chosen(self, name):
        return self.form.cleaned_data.get(name) if self.is_bound and self.form.is_valid() else None

    @memoize
    def org_choices(self):
        step = Org.steplen
        near = Q(pk__in=[])
        for root in self.org_roots():  # the top orgs and their direct sub-orgs
            near |= Q(path__startswith=root, depth__lte=len(root) // step + 1 if root else 2)
        chosen = self.chosen("org")
        if chosen:  # the way down to the chosen org, its siblings and its direct sub-orgs
            near |= Q(path__in=[chosen.path[:i] for i in range(step, len(chosen.path), step)])
            near |= Q(path__startswith=chosen.path[:-step], depth=chosen.depth)
            near |= Q(path__startswith=chosen.path, depth=chosen.depth + 1)
        orgs = list(self.orgs().filter(near).order_by("path"))
        shallowest = min((o.depth for o in orgs), default=0)
        return [("", "全部组织")] + [(o.pk, "\u3000" * (o.depth - shallowest) + o.name) for o in orgs]


class ProblemFilter(OrgFilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_search")
    source = django_filters.ChoiceFilter(label="来源", choices=Problem.Source.choices, empty_label="全部来源")
    dimension = django_filters.ChoiceFilter(label="维度", empty_label="全部维度")

    class Meta:
        model = Problem
        fields = ["q", "source", "dimension", "org"]

    def __init__(self, data=None, *args, user, campaign, **kwargs):
        self.campaign = campaign
        super().__init__(data, *args, user=user, **kwargs)
        # The field puts its empty_label (全部维度) first itself.
        self.form.fields["dimension"].choices = [(d, d) for d in campaign.get_dimensions()]
        if not anywhere(user, "see_confidential"):  # a source whose problems she cannot see is no filter for her
            self.filters["source"].extra["choices"] = [
                (value, label) for value, label in Problem.Source.choices
                if value not in Problem.CONFIDENTIAL_SOURCES]
            self.form.fields["source"].choices = [("", "全部来源"), *self.filters["source"].extra["choices"]]

    def orgs(self):
        return super().orgs().filter(path__startswith=self.campaign.org.path)

    def org_roots(self) -> list[str]:
        # Within the campaign: its org for whoever views it whole, else the user's own top orgs inside it.
        top = self.campaign.org.path
        return sorted({top if top.startswith(root) else root for root in super().org_roots()
                       if top.startswith(root) or root.startswith(top)})

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(description__icontains=value) | Q(example__icontains=value)
                               | Q(member__name__icontains=value))


class LedgerFilter(OrgFilterSet):
    """整改台账 filters; the org and campaign lists stay short at any scale.

    The org list is OrgFilterSet's; the campaign list offers the latest CAMPAIGN_CHOICES
    campaigns plus the chosen one, and accepts any campaign the user may see.
    """

    CAMPAIGN_CHOICES = 30
    CAMPAIGN_OUT_OF_SCOPE = "所选专项工作不存在或不在您的查看范围内"

    campaign = django_filters.ModelChoiceFilter(
        label="专项工作", field_name="problem__campaign", queryset=None,  # the user's, set in __init__
        empty_label="全部专项工作", widget=QuickSelect)
    status = django_filters.ChoiceFilter(label="状态", choices=Rectification.Status.choices,
                                         empty_label="全部状态")
    kind = django_filters.ChoiceFilter(label="类型", choices=Rectification.Kind.choices, empty_label="全部类型")
    overdue = django_filters.ChoiceFilter(label="逾期", choices=[("yes", "已逾期"), ("no", "未逾期")],
                                          empty_label="全部", method="filter_overdue")
    # The start of the name (surname or full name): served by an index at any scale, where a
    # match anywhere in the name reads every member (migration ledger 0002).
    owner = django_filters.CharFilter(label="责任人", field_name="owner__name", lookup_expr="istartswith")

    class Meta:
        model = Rectification
        fields = ["campaign", "status", "kind", "overdue", "owner", "org"]

    def __init__(self, data=None, *args, user, **kwargs):
        super().__init__(data, *args, user=user, **kwargs)
        campaign = self.form.fields["campaign"]
        campaign.queryset = visible_to(user, Campaign)
        campaign.error_messages["invalid_choice"] = self.CAMPAIGN_OUT_OF_SCOPE
        campaign.widget.choices = self.campaign_choices
        self.form.fields["owner"].widget.attrs["placeholder"] = "姓名或姓氏"

    @memoize
    def campaign_choices(self):
        campaigns = list(visible_to(self.user, Campaign).order_by("-created_at", "-pk")[:self.CAMPAIGN_CHOICES])
        chosen = self.chosen("campaign")
        if chosen and chosen not in campaigns:
            campaigns.append(chosen)
        return [("", "全部专项工作")] + [(c.pk, str(c)) for c in campaigns]

    def filter_overdue(self, queryset, name, value):
        status = self.form.cleaned_data.get("status")
        if status:
            # With a status chosen, 逾期 is the due date alone (or nothing, for 已销号): conditions the database
            # reads from its (status, due_date) index. Left to "not accepted and due before today", it walked the
            # whole status to find that 已销号 and 已逾期 exclude each other (250 ms at 500,000 members).
            today = timezone.localdate()
            if status == Rectification.Status.ACCEPTED:
                return queryset.none() if value == "yes" else queryset
            return queryset.filter(due_date__lt=today) if value == "yes" else queryset.filter(due_date__gte=today)
        overdue = Rectification.overdue_q()
        return queryset.filter(overdue) if value == "yes" else queryset.exclude(overdue)
