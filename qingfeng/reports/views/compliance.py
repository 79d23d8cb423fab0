"""组织生活合规: each branch of an org's subtree × each month of a year, green, red with the kinds missing, or grey;
the members below their 学时 target under it. Who may view the org's figures opens it (as the dashboard)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from qingfeng.core.paging import paginate, paginate_table
from qingfeng.core.permissions import can

from ..figures import below_target, meeting_compliance, talk_coverage
from ..scopes import figures_org, figures_year, other_years
from ..tables import HoursBelowTargetTable

BRANCHES_PER_PAGE = 50
MEMBERS_PER_PAGE = 25


@login_required
def compliance(request):
    user = request.user
    org = figures_org(user, request.GET.get("org", ""))
    today = timezone.localdate()
    year = figures_year(request.GET.get("year", ""), today)
    grid = meeting_compliance(user, org, year, today)
    talks = talk_coverage(user, org, year, today)
    for row in grid.rows:
        row.talks = talks.get(row.org.path)
    below = below_target(user, org, year).select_related("org").order_by("org__path", "name_pinyin", "pk")
    table = HoursBelowTargetTable(below, prefix="hours-")
    paginate_table(request, table, MEMBERS_PER_PAGE)
    trail = [o for o in org.ancestors_and_self() if can(user, "view", o)]
    return render(request, "reports/compliance.html", {
        "org": org, "year": year, "today": today, "grid": grid,
        "rows": paginate(request, grid.rows, BRANCHES_PER_PAGE), "months": range(1, 13),
        "table": table, "trail": trail, "working_org": org,
        "years": other_years(year, today),
        "may_manage_rules": can(user, "manage_requirements", org),
    })


urlpatterns = [
    path("reports/orglife/compliance/", compliance, name="orglife_compliance"),
]
