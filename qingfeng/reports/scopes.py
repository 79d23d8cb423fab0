"""Which org's subtree the dashboard and its API (and the 组织生活 compliance page) cover, from ?org=.

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
