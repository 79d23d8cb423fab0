"""The figures of 学 kept per org (orgs.tallies): study activities held, each member's steps in a campaign
(present at a study activity, reflection submitted, reflection accepted), counted at the member's org, and the
reflections waiting for review (待审阅), counted at the reflection's org as its reviewers see it (我的)."""

from django.db.models import Count

from qingfeng.campaigns.counts import Step, Steps, campaign_of, campaign_scopes, scope
from qingfeng.orgs import figures, tallies

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


def count_to_review(scope_: str, org_ids):
    """(org, False, "", reflections 待审阅) at the reflections' own org: where `visible_to(…, "review")` finds them."""
    reflections = Reflection.objects.filter(campaign_id=campaign_of(scope_), status=Reflection.Status.SUBMITTED)
    if org_ids is not None:
        reflections = reflections.filter(org_id__in=org_ids)
    return ((org, False, "", n) for org, n in reflections.order_by().values_list("org_id").annotate(n=Count("pk")))


def to_review_marks(reflection):
    return [("to_review", scope(reflection.campaign_id), reflection.org_id)]


def register() -> None:
    tallies.register_family("activities", count_activities, campaign_scopes)
    tallies.register_family("to_review", count_to_review, campaign_scopes)
    figures.count_after("study", "0004_to_review_counts", ("to_review",))
    tallies.watch(Reflection, ["campaign_id", "org_id", "status"], to_review_marks)
    tallies.watch(StudyActivity, ["campaign_id", "org_id"], lambda a: [("activities", scope(a.campaign_id), a.org_id)])
    STEPS.register({Attendance: ["activity_id", "member_id", "status"],
                    Reflection: ["campaign_id", "member_id", "status", "submitted_at"]})
