"""数据看板: a campaign's figures for one org subtree, ranked by sub-org, with drill-down."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone

from qingfeng.campaigns.models import Campaign
from qingfeng.core.permissions import can, get_allowed_or_404
from qingfeng.ledger.models import Rectification
from qingfeng.originality.recurring import near_copies, problem_groups

from ..figures import dashboard, member_progress, source_rows
from ..scopes import dashboard_org


def _pct(value):
    return None if value is None else round(value * 100, 1)


@login_required
def campaign_dashboard(request, campaign_pk):
    user = request.user
    campaign = get_allowed_or_404(user, Campaign.objects.select_related("org"), campaign_pk)
    org = dashboard_org(user, campaign, request.GET.get("org", ""))
    today = timezone.localdate()

    board = dashboard(campaign, user, org, today)
    figures, ranking = board.figures, board.ranking
    # An org without sub-orgs (a branch) ranks its members instead.
    members = [] if ranking else member_progress(campaign, user, org, today)

    by_source = source_rows(figures.problems_by_source, user)
    by_status = [(label, figures.rectifications_by_status.get(value, 0))
                 for value, label in Rectification.Status.choices]
    url = reverse("campaign_dashboard", args=[campaign.pk])
    trail = [o for o in org.ancestors_and_self()
             if o.path.startswith(campaign.org.path) and can(user, "view", o)]
    data = {
        "subOrgs": [{"name": r.org.name, "url": f"{url}?org={r.org.pk}", "completion": _pct(r.completion_rate),
                     "accepted": r.rectifications_accepted, "total": r.rectifications} for r in ranking],
        "categories": [{"name": k, "value": v} for k, v in figures.problems_by_category.items()],
        "dimensions": [{"name": k, "value": v} for k, v in figures.problems_by_dimension.items()],
        "weeks": [{"week": monday.strftime("%m-%d"), "value": n} for monday, n in board.weeks],
    }
    return render(request, "reports/campaign_dashboard.html", {
        "campaign": campaign,
        "org": org,
        "trail": trail,
        "working_org": org if trail and trail[-1] == org else None,  # the navbar's 当前组织, when the user may open it
        "figures": figures,
        "ranking": ranking,
        "members": members,
        "by_source": by_source,
        "by_status": by_status,
        "overdue": board.overdue,
        "orglife": board.orglife,
        "today": today,
        "data": data,
        # near-copy self-inspections: of what the user may see (two queries); 普遍性问题 comes in its own request
        "near_copies": near_copies(user, campaign, org),
    })


@login_required
def campaign_recurring(request, campaign_pk):
    """The dashboard's 普遍性问题 card, asked for by the page once it is shown: grouping the subtree's problem
    descriptions by meaning reads up to MAX_PROBLEMS of them, which the figures (kept counts) never wait for."""
    user = request.user
    campaign = get_allowed_or_404(user, Campaign.objects.select_related("org"), campaign_pk)
    org = dashboard_org(user, campaign, request.GET.get("org", ""))
    return render(request, "reports/_recurring.html", {"recurring": problem_groups(user, campaign, org)})


urlpatterns = [
    path("reports/campaigns/<int:campaign_pk>/dashboard/", campaign_dashboard, name="campaign_dashboard"),
    path("reports/campaigns/<int:campaign_pk>/dashboard/recurring/", campaign_recurring, name="campaign_recurring"),
]
