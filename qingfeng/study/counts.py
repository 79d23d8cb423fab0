"""The figures of 学 kept per org (orgs.tallies): study activities held, and each member's steps in a campaign
(present at a study activity, reflection submitted, reflection accepted), counted at the member's org."""

from django.db.models import Count

from qingfeng.campaigns.counts import Step, Steps, campaign_of, campaign_scopes, scope
from qingfeng.orgs import tallies

from .models import Attendance, Reflection, StudyActivity

# A member's step counts wherever she took it (an activity held above her branch too).
STEPS = Steps(
    Step("participants", "", "participants", lambda c: Attendance.objects.filter(
        activity__campaign_id=c, status=Attendance.Status.PRESENT), campaign="activity__campaign_id"),
    Step("reflections", "submitted", "reflections_submitted", lambda c: Reflection.objects.filter(
        campaign_id=c, submitted_at__isnull=False)),
    Step("reflections", "accepted", "reflections_accepted", lambda c: Reflection.objects.filter(
        campaign_id=c, status=Reflection.Status.ACCEPTED)),
)


def activity_rows(activities):
    """(org, False, "", activities held) of a queryset of study activities."""
    return ((org, False, "", n) for org, n in activities.order_by().values_list("org_id").annotate(n=Count("pk")))


def count_activities(scope_: str, org_ids):
    activities = StudyActivity.objects.filter(campaign_id=campaign_of(scope_))
    return activity_rows(activities if org_ids is None else activities.filter(org_id__in=org_ids))


def register() -> None:
    tallies.register_family("activities", count_activities, campaign_scopes)
    tallies.watch(StudyActivity, ["campaign_id", "org_id"], lambda a: [("activities", scope(a.campaign_id), a.org_id)])
    STEPS.register({Attendance: ["activity_id", "member_id", "status"],
                    Reflection: ["campaign_id", "member_id", "status", "submitted_at"]})
