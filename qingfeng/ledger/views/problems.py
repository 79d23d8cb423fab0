"""查: the problems of a campaign from every source, registered by those who may."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import path

from qingfeng.campaigns.models import Campaign
from qingfeng.core.pages import form_page
from qingfeng.core.paging import paginate_table
from qingfeng.core.permissions import can, get_allowed_or_404, in_clear, visible_to
from qingfeng.orgs.models import Org

from ..filters import ProblemFilter
from ..forms import ProblemForm
from ..models import Problem
from ..tables import ProblemTable, overdue_badge, status_badge

PROBLEMS_PER_PAGE = 25


@login_required
def problem_list(request, pk):
    campaign = get_allowed_or_404(request.user, Campaign.objects.select_related("org"), pk)
    problems = visible_to(request.user, Problem).filter(campaign=campaign)
    problem_filter = ProblemFilter(request.GET, queryset=problems, user=request.user, campaign=campaign)
    # A filter that does not validate (an org outside the scope, a forged id) lists nothing and says why.
    rows = problem_filter.qs if problem_filter.is_valid() else problems.none()
    # Counts come from the same visible queryset, so hidden problems are never counted.
    by_source = dict(rows.order_by().values_list("source").annotate(n=Count("id")))
    table = ProblemTable(
        rows.select_related("member", "org", "checklist_item")
        .annotate(rectification_count=Count("rectifications")))
    paginate_table(request, table, PROBLEMS_PER_PAGE)
    return render(request, "ledger/problem_list.html", {
        "campaign": campaign,
        "filter": problem_filter,
        "table": table,
        "source_counts": [(label, by_source[value]) for value, label in Problem.Source.choices
                          if value in by_source],
        "total": sum(by_source.values()),
        "may_register": not campaign.is_closed and _register_orgs(request.user, campaign).exists(),
    })


def _register_orgs(user, campaign):
    return visible_to(user, Org, "register_problem").filter(path__startswith=campaign.org.path)


@login_required
def problem_create(request, pk):
    campaign = get_allowed_or_404(request.user, Campaign.objects.select_related("org"), pk)
    if not _register_orgs(request.user, campaign).exists():
        raise PermissionDenied
    if campaign.is_closed:
        messages.error(request, "专项工作已结束，不能再登记问题")
        return redirect("problem_list", campaign.pk)
    form = ProblemForm(request.POST or None, user=request.user, campaign=campaign)
    return form_page(request, form, done=lambda problem: f"已登记问题「{problem}」", to="problem_detail",
                     org=campaign.org, title=f"登记问题 · {campaign.title}")


@login_required
def problem_detail(request, pk):
    problem = get_allowed_or_404(
        request.user,
        Problem.objects.select_related("campaign", "org", "member", "checklist_item__category", "created_by"),
        pk,
    )
    rectifications = (
        visible_to(request.user, problem.rectifications.all())
        .select_related("owner", "leader")
    )
    rows = [(r, status_badge(r), overdue_badge(r, None)) for r in rectifications]
    return render(request, "ledger/problem_detail.html", {
        "problem": problem,
        "campaign": problem.campaign,
        "rectifications": rows,
        # The subject sees the problem; who reported it is for the discipline role only.
        "see_confidential": problem.is_confidential and in_clear(request.user, problem, "confidential_detail"),
        "may_assign": not problem.campaign.is_closed and can(request.user, "assign", problem),
    })


urlpatterns = [
    path("campaigns/<int:pk>/problems/", problem_list, name="problem_list"),
    path("campaigns/<int:pk>/problems/new/", problem_create, name="problem_create"),
    path("problems/<int:pk>/", problem_detail, name="problem_detail"),
]
