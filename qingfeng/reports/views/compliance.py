"""组织生活合规: each branch of an org's subtree × each month of a year, green, red with the kinds missing, or grey;
the members below their 学时 target under it. Who may view the org's figures opens it (as the dashboard).

What it says of the whole subtree (全年无缺项支部, how many members are below 学时) comes from the counts kept per
org (`figures.compliance_summary`); the grid and the members are judged from the records a page at a time (the
page's branches, the orgs that hold the page's members), so the page costs the same at a branch or at the root of
a region."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django_tables2.data import TableListData

from qingfeng.core.paging import paginate, paginate_table
from qingfeng.core.permissions import can

from ..figures import (
    BelowTargetPages,
    below_target,
    compliance_branches,
    compliance_summary,
    meeting_compliance,
    talk_coverage,
)
from ..scopes import figures_org, figures_year, other_years
from ..tables import HoursBelowTargetTable

BRANCHES_PER_PAGE = 50
MEMBERS_PER_PAGE = 25
SORTABLE = 5000  # members of the subtree up to which the members below 学时 may be sorted by a column


class PagedData(TableListData):
    """A sequence read a page at a time, as it is (given a sequence, django-tables2 would make a list of it), in its
    own order: a sort asked for in the query string is not followed."""

    def order_by(self, aliases):
        pass
ORDER = ("org__path", "name_pinyin", "pk")


@login_required
def compliance(request):
    user = request.user
    org = figures_org(user, request.GET.get("org", ""))
    today = timezone.localdate()
    year = figures_year(request.GET.get("year", ""), today)
    summary = compliance_summary(org, year, today)
    rows = paginate(request, compliance_branches(user, org), BRANCHES_PER_PAGE)
    grid = meeting_compliance(user, org, year, today, branches=list(rows.object_list))
    talks = talk_coverage(user, org, year, today, branches=list(rows.object_list))
    for row in grid.rows:
        row.talks = talks.get(row.org.path)
    rows.object_list = grid.rows
    if summary.compliant is None:  # a year the kept counts do not hold: every branch judged from the records
        summary.compliant = meeting_compliance(user, org, year, today).compliant
    # Sorting by a column sums the whole subtree's 学时 (13 s at the root of 500,000 members): up to SORTABLE members
    sortable = summary.members <= SORTABLE
    if summary.below is None or (sortable and "hours-sort" in request.GET):
        below = below_target(user, org, year).select_related("org").order_by(*ORDER)
    else:  # the page's order, a page at a time (a sort asked for past SORTABLE is not followed)
        below = PagedData(BelowTargetPages(user, org, year, summary.below))
    table = HoursBelowTargetTable(below, prefix="hours-", orderable=sortable)
    paginate_table(request, table, MEMBERS_PER_PAGE)
    trail = [o for o in org.ancestors_and_self() if can(user, "view", o)]
    return render(request, "reports/compliance.html", {
        "org": org, "year": year, "today": today, "grid": grid, "summary": summary,
        "rows": rows, "months": range(1, 13),
        "table": table, "trail": trail, "working_org": org,
        "years": other_years(year, today),
        "may_manage_rules": can(user, "manage_requirements", org),
    })


urlpatterns = [
    path("reports/orglife/compliance/", compliance, name="orglife_compliance"),
]
