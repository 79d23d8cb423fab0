"""A campaign's progress counts, as the campaign page reads them; computed by qingfeng.reports.figures."""

from qingfeng.orgs.models import Org

from .models import Campaign

KEYS = ("members", "study_activities", "reflections_submitted", "reflections_accepted",
        "inspections_submitted", "commitments_signed", "problems", "problems_by_source",
        "rectifications", "rectifications_overdue", "rectifications_by_status")


def campaign_counts(campaign: Campaign, user, org: Org | None = None) -> dict:
    """What `user` may see of `campaign`'s progress within `org`'s subtree (default: the campaign's org).

    A thin view of `qingfeng.reports.figures.campaign_figures`, the one place figures are computed.
    """
    from qingfeng.reports.figures import campaign_figures

    figures = campaign_figures(campaign, user, org)
    return {key: getattr(figures, key) for key in KEYS}
