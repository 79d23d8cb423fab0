"""The one place a campaign's progress figures are computed; pages, exports and the API call it."""

from django.db.models import Count, Q
from django.utils import timezone

from qingfeng.core.permissions import visible_to
from qingfeng.ledger.models import Problem, Rectification
from qingfeng.orgs.models import Member, Org

from .models import Campaign, Commitment, Reflection, SelfInspection, StudyActivity


def campaign_counts(campaign: Campaign, user, org: Org | None = None) -> dict:
    """What `user` may see of `campaign`'s progress within `org`'s subtree (default: the campaign's org).

    Every figure comes from a `visible_to` queryset, so a confidential problem counts only
    for those who may see it. One aggregate query per kind of record, whatever the data size.
    """
    path = (org or campaign.org).path
    today = timezone.localdate()

    def scoped(model, **filters):
        return visible_to(user, model).filter(org__path__startswith=path, **filters)

    reflections = scoped(Reflection, campaign=campaign).aggregate(
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        accepted=Count("pk", filter=Q(status=Reflection.Status.ACCEPTED)),
    )
    by_source = dict.fromkeys(Problem.Source.values, 0)
    by_source.update(scoped(Problem, campaign=campaign).order_by()
                     .values_list("source").annotate(n=Count("pk")))
    R = Rectification.Status
    rectifications = scoped(Rectification, problem__campaign=campaign).aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=Rectification.overdue_q(today)),
        **{status: Count("pk", filter=Q(status=status)) for status in R.values},
    )
    return {
        "members": scoped(Member, is_active=True).count(),
        "study_activities": scoped(StudyActivity, campaign=campaign).count(),
        "reflections_submitted": reflections["submitted"],
        "reflections_accepted": reflections["accepted"],
        "inspections_submitted": scoped(SelfInspection, campaign=campaign,
                                        status=SelfInspection.Status.SUBMITTED).count(),
        "commitments_signed": scoped(Commitment, campaign=campaign).count(),
        "problems": sum(by_source.values()),
        "problems_by_source": by_source,
        "rectifications": rectifications.pop("total"),
        "rectifications_overdue": rectifications.pop("overdue"),
        "rectifications_by_status": rectifications,
    }
