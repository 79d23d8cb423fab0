"""Which org's subtree the dashboard and its API (and the 组织生活 compliance page, the 提案 figures) cover, from
?org=; which year the yearly pages show, from ?year=.

The campaign page and its summary report read ?org= with campaigns.context.campaign_scope instead,
which gives a member the campaign's org (counting only her own records) where the dashboard refuses her.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from qingfeng.campaigns.models import Campaign
from qingfeng.core.paging import parse_id
from qingfeng.core.permissions import can, get_allowed_or_404, top_orgs
from qingfeng.orgs.models import Org


def dashboard_org(user, campaign: Campaign, pk: str) -> Org:
    """Org `pk` if the user may view it within the campaign; else the campaign's org, else their top org in it."""
    if pk:
        org_id = parse_id(pk)
        if org_id is None:
            raise Http404
        return get_allowed_or_404(user, Org.objects.filter(path__startswith=campaign.org.path), org_id)
    if can(user, "view", campaign.org):
        return campaign.org
    top = top_orgs(user).filter(path__startswith=campaign.org.path).first()
    if top is None:  # a member sees the campaign, but no dashboard of it
        raise PermissionDenied
    return top


def figures_org(user, pk: str) -> Org:
    """Org `pk` if the user may view it (404 outside their scope); else the topmost org they view; a member
    holding no viewing role gets 403, as on a campaign's dashboard."""
    if pk:
        org_id = parse_id(pk)
        if org_id is None:
            raise Http404
        return get_allowed_or_404(user, Org, org_id)
    top = top_orgs(user).first()
    if top is None:
        raise PermissionDenied
    return top


FIRST_YEAR = 2000


def figures_year(asked: str, today) -> int:
    """?year= when it is a year from FIRST_YEAR to next year; else this year."""
    if asked.isascii() and asked.isdigit() and FIRST_YEAR <= int(asked[:5]) <= today.year + 1:
        return int(asked)
    return today.year


def other_years(year: int, today) -> list[int]:
    """The years either side of `year` a yearly page links to (within what `figures_year` accepts)."""
    return [y for y in (year - 1, year + 1) if FIRST_YEAR <= y <= today.year + 1]
