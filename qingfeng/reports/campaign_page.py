"""The campaign page's panels (connected to campaigns' `campaign_shown` in apps.py): a member's own part of the
campaign, and the figures over the subtree shown for whoever may view it."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from qingfeng.campaigns.context import participant
from qingfeng.core.permissions import can, visible_to
from qingfeng.inspection.models import Commitment, SelfInspection
from qingfeng.ledger.models import Problem, Rectification
from qingfeng.orgs.models import Org
from qingfeng.study.models import Attendance, Reflection

from .figures import campaign_figures, source_rows


def campaign_figures_panel(sender, campaign, user, scope, **kwargs) -> str:
    """A member's own records first; then the figures of `scope`'s subtree, for whoever may view it.

    A member who views no org reads only what is hers: the subtree's figures would count her records
    alone under headings meant for a whole branch (学习活动 counted the activities, not her attendance),
    and the summary report of an org she may not open is refused.
    """
    member = participant(user, campaign)
    sees_scope = can(user, "view", scope)
    panels = [my_part(campaign, user, member)] if member is not None else []
    if sees_scope or member is None:
        panels.append(figures_panel(campaign, user, scope, sees_scope))
    return mark_safe("".join(panels))  # both are rendered templates, escaped as they were built


def my_part(campaign, user, member) -> str:
    """我的: her attendance, reflections, self-inspection, commitment, the problems about her and her rectifications,
    each linked only where she may open it."""
    today = timezone.localdate()
    statuses = list(visible_to(user, Attendance).filter(activity__campaign=campaign, member=member)
                    .values_list("status", flat=True))
    inspection = visible_to(user, SelfInspection).filter(campaign=campaign, member=member).first()
    commitment = visible_to(user, Commitment).filter(campaign=campaign, member=member).first()
    rectifications = visible_to(user, Rectification).filter(problem__campaign=campaign, owner=member)
    return render_to_string("reports/_campaign_mine.html", {
        "campaign": campaign,
        "attended": {status: statuses.count(status) for status in Attendance.Status.values},
        "reflections": [(r, can(user, "view", r)) for r in visible_to(user, Reflection)
                        .filter(campaign=campaign, member=member).order_by("-created_at")],
        "inspection": inspection,
        "inspection_readable": inspection is not None and can(user, "view", inspection),
        "commitment": commitment,
        "problems": [(p, can(user, "view", p)) for p in visible_to(user, Problem)
                     .filter(campaign=campaign, member=member).order_by("created_at", "pk")],
        "rectifications": rectifications.count(),
        "rectifications_open": rectifications.exclude(status=Rectification.Status.ACCEPTED).count(),
        "rectifications_overdue": rectifications.filter(Rectification.overdue_q(today)).count(),
    })


def figures_panel(campaign, user, scope, sees_scope: bool) -> str:
    """What `user` may count of `campaign` within `scope`'s subtree, with links down to its sub-orgs."""
    figures = campaign_figures(campaign, user, scope)
    return render_to_string("reports/_campaign_figures.html", {
        "campaign": campaign,
        "scope": scope,
        "counts": figures,
        "by_source": source_rows(figures.problems_by_source, user),
        "by_status": [(label, figures.rectifications_by_status.get(value, 0))
                      for value, label in Rectification.Status.choices],
        "dashboard": sees_scope,
        # The summary report covers `scope`'s subtree: only for whoever may open that org.
        "summary_document": sees_scope,
        "parent_scope": scope != campaign.org and can(user, "view", campaign.org),
        "sub_orgs": visible_to(user, Org).filter(path__startswith=scope.path, depth=scope.depth + 1)
        .exclude(kind=Org.Kind.GROUP).order_by("path"),
    })
