"""The figures of 学 kept per org (orgs.tallies): study activities held, and each member's steps in a campaign
(present at a study activity, reflection submitted, reflection accepted), counted at the member's org."""

from django.db.models import Count, Exists

from qingfeng.campaigns.models import Campaign
from qingfeng.orgs import tallies
from qingfeng.orgs.models import Member

from .models import Attendance, Reflection, StudyActivity


def scope(campaign_id: int) -> str:
    return f"c:{campaign_id}"


def campaign_scopes() -> list[str]:
    return [scope(pk) for pk in Campaign.objects.values_list("pk", flat=True)]


def activity_rows(activities):
    """(org, False, "", activities held) of a queryset of study activities."""
    return ((org, False, "", n) for org, n in activities.order_by().values_list("org_id").annotate(n=Count("pk")))


def step_rows(campaign_id: int, members):
    """(org, False, step, members) of a queryset of active members: present at ≥ 1 study activity of the campaign
    ("participants", family `participants`); submitted a reflection ("submitted") and have one accepted
    ("accepted", both family `reflections`). Each as its family's rows, tagged (family, row)."""
    for (family, key), records in _steps(campaign_id).items():
        who = members.filter(pk__in=records.values("member_id")).order_by().values_list("org_id")
        for org, n in who.annotate(n=Count("pk")):
            yield family, (org, False, key, n)


def _steps(campaign_id: int) -> dict:
    """The records that make each step, a member's wherever she took it (an activity held above her branch too)."""
    return {
        ("participants", ""): Attendance.objects.filter(activity__campaign_id=campaign_id,
                                                        status=Attendance.Status.PRESENT),
        ("reflections", "submitted"): Reflection.objects.filter(campaign_id=campaign_id, submitted_at__isnull=False),
        ("reflections", "accepted"): Reflection.objects.filter(campaign_id=campaign_id,
                                                               status=Reflection.Status.ACCEPTED),
    }


STEP_NAMES = {("participants", ""): "participants", ("reflections", "submitted"): "reflections_submitted",
              ("reflections", "accepted"): "reflections_accepted"}


def step_flags(campaign_id: int, member) -> dict:
    """{figure name: Exists} of the steps, for a query of members (`member`: an OuterRef to the member's pk)."""
    return {STEP_NAMES[k]: Exists(records.filter(member=member)) for k, records in _steps(campaign_id).items()}


def _members(org_ids):
    members = Member.objects.filter(is_active=True)
    return members if org_ids is None else members.filter(org_id__in=org_ids)


def _family(name):
    def count(scope_: str, org_ids):
        return [row for family, row in step_rows(int(scope_[2:]), _members(org_ids)) if family == name]
    return count


def count_activities(scope_: str, org_ids):
    activities = StudyActivity.objects.filter(campaign_id=int(scope_[2:]))
    return activity_rows(activities if org_ids is None else activities.filter(org_id__in=org_ids))


def scopes_of(member_ids: list[int]) -> set[str]:
    campaigns = set(Attendance.objects.filter(member_id__in=member_ids)
                    .values_list("activity__campaign_id", flat=True).distinct())
    campaigns |= set(Reflection.objects.filter(member_id__in=member_ids).values_list("campaign_id", flat=True)
                     .distinct())
    return {scope(c) for c in campaigns}


def _org_of(record):
    """The org of the record's member: from the member loaded with it, else one query."""
    if type(record).member.is_cached(record):
        return record.member.org_id
    return Member.objects.filter(pk=record.member_id).values_list("org_id", flat=True).first()


def register() -> None:
    tallies.register_family("activities", count_activities, campaign_scopes)
    tallies.register_family("participants", _family("participants"), campaign_scopes)
    tallies.register_family("reflections", _family("reflections"), campaign_scopes)
    tallies.on_members_changed(("participants", "reflections"), scopes_of)
    tallies.watch(StudyActivity, ["campaign_id", "org_id"], lambda a: [("activities", scope(a.campaign_id), a.org_id)])
    tallies.watch(Attendance, ["activity_id", "member_id", "status"], lambda a: [
        ("participants", scope(a.activity.campaign_id), _org_of(a))])
    tallies.watch(Reflection, ["campaign_id", "member_id", "status", "submitted_at"], lambda r: [
        ("reflections", scope(r.campaign_id), _org_of(r))])
