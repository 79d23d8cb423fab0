"""What every page of a campaign and its parts needs: the campaign and the subtree shown, whether the
user takes part in it or oversees it, the read-only rule of a closed campaign, and the members it covers.

Shared by the pages of the apps above (study, inspection, ledger, reports), which import it from
here rather than from one another's views.
"""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404

from qingfeng.core.paging import parse_id
from qingfeng.core.permissions import anywhere, can, get_allowed_or_404, top_orgs, visible_to
from qingfeng.orgs.models import Member, Org

from .models import Campaign

CLOSED_MESSAGE = "专项工作已结束，记录只读"


def load_campaign(request, campaign_pk) -> Campaign:
    return get_allowed_or_404(request.user, Campaign.objects.select_related("org", "checklist"), campaign_pk)


def campaign_scope(request, campaign) -> Org:
    """The org whose subtree the campaign page (and its summary report) covers: ?org=, else the
    campaign's org if the user sees it, else the user's own part of it."""
    user = request.user
    within = visible_to(user, Org).filter(path__startswith=campaign.org.path)
    org_id = parse_id(request.GET.get("org", ""))
    if org_id is not None:
        return get_object_or_404(within, pk=org_id)
    if can(user, "view", campaign.org):
        return campaign.org
    # A secretary of one branch: start at their own part of the campaign.
    return top_orgs(user).filter(path__startswith=campaign.org.path).first() or campaign.org


def participant(user, campaign):
    """The user's own active member record when the campaign covers it; else None."""
    member = getattr(user, "member", None)
    if member is None or not member.is_active or not member.org.path.startswith(campaign.org.path):
        return None
    return member


def oversees(user, campaign) -> bool:
    """Does the user hold a viewing role over part of the campaign (the reviewer's pages)?"""
    return anywhere(user, "view", within=campaign.org.path)


def campaign_context(request, campaign, tab, **extra) -> dict:
    return {"campaign": campaign, "tab": tab, "participant": participant(request.user, campaign),
            "oversees": oversees(request.user, campaign), **extra}


def refuse_if_closed(request, campaign) -> bool:
    """A closed campaign is read-only: say so and refuse the write."""
    if campaign.is_closed:
        messages.error(request, CLOSED_MESSAGE)
        return True
    return False


def campaign_members(user, campaign):
    """The active members inside the campaign that the user may see."""
    return visible_to(user, Member).filter(is_active=True, org__path__startswith=campaign.org.path)


def task_orgs(user, campaign):
    """Where `user` may choose a 自选动作: their own org (where their role starts) within the campaign.

    A few orgs per user, however large the subtree below them.
    """
    own = Q(pk=campaign.org_id) | Q(path__in=top_orgs(user, "choose_task").values("path"))
    return (visible_to(user, Org, "choose_task").filter(own, path__startswith=campaign.org.path)
            .exclude(kind=Org.Kind.GROUP).order_by("path"))
