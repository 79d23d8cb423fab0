"""Who reaches which 查 page of a campaign: a member her own (her commitment, her self-inspection), a
reviewer the list of the members in their scope. Each sends the other to their own page."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from qingfeng.campaigns.context import campaign_context, campaign_scope, load_campaign
from qingfeng.core.permissions import can


def members_own_page(tab: str, template: str, *, list_page: str, no_member: str):
    """A member's own page, called as `view(request, campaign, member, context)`.

    Reviewers arrive here from the campaign's links and go on to `list_page`, their list;
    anyone else without a member record in the campaign reads `no_member` in `template`.
    """

    def decorate(view):
        @wraps(view)
        def page(request, campaign_pk):
            campaign = load_campaign(request, campaign_pk)
            context = campaign_context(request, campaign, tab)
            if context["participant"] is not None:
                return view(request, campaign, context["participant"], context)
            if context["oversees"]:
                return redirect(list_page, campaign.pk)
            return render(request, template, {**context, "notice": no_member})

        return page

    return decorate


def reviewers_list(tab: str, *, own_page: str):
    """A reviewer's list, called as `view(request, campaign, context)`: a member who oversees no one
    goes to `own_page`, her own; anyone else is refused."""

    def decorate(view):
        @wraps(view)
        def page(request, campaign_pk):
            campaign = load_campaign(request, campaign_pk)
            context = campaign_context(request, campaign, tab)
            if context["oversees"]:
                return view(request, campaign, context)
            if context["participant"]:
                return redirect(own_page, campaign.pk)
            raise PermissionDenied

        return page

    return decorate


def reviewed_org(request, campaign):
    """The org whose members' self-inspections the user reads, every one of them (by a viewing role on it, not
    as her own): the campaign page's scope (?org=, else where the user's role starts); None for anyone else."""
    org = campaign_scope(request, campaign)
    return org if can(request.user, "view", org) else None
