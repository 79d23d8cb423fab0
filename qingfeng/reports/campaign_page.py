"""The campaign page's figures (connected to campaigns' `campaign_shown` in apps.py)."""

from django.template.loader import render_to_string

from qingfeng.core.permissions import can, visible_to
from qingfeng.ledger.models import Rectification
from qingfeng.orgs.models import Org

from .figures import campaign_figures, source_rows


def campaign_figures_panel(sender, campaign, user, scope, **kwargs) -> str:
    """What `user` may count of `campaign` within `scope`'s subtree, with links down to its sub-orgs."""
    figures = campaign_figures(campaign, user, scope)
    return render_to_string("reports/_campaign_figures.html", {
        "campaign": campaign,
        "scope": scope,
        "counts": figures,
        "by_source": source_rows(figures.problems_by_source, user),
        "by_status": [(label, figures.rectifications_by_status.get(value, 0))
                      for value, label in Rectification.Status.choices],
        "dashboard": can(user, "view", scope),
        "parent_scope": scope != campaign.org and can(user, "view", campaign.org),
        "sub_orgs": visible_to(user, Org).filter(path__startswith=scope.path, depth=scope.depth + 1)
        .exclude(kind=Org.Kind.GROUP).order_by("path"),
    })
