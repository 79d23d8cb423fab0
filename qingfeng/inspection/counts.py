"""The figures of 查 kept per org (orgs.tallies): members who submitted their self-inspection and who signed the
commitment in a campaign, counted at the member's org."""

from django.db.models import Count, Exists

from qingfeng.campaigns.models import Campaign
from qingfeng.orgs import tallies
from qingfeng.orgs.models import Member

from .models import Commitment, SelfInspection


def scope(campaign_id: int) -> str:
    return f"c:{campaign_id}"


def campaign_scopes() -> list[str]:
    return [scope(pk) for pk in Campaign.objects.values_list("pk", flat=True)]


def step_rows(campaign_id: int, members):
    """(family, (org, False, key, members)) of a queryset of active members: self-inspection submitted
    (`inspections`, "submitted"), commitment signed (`commitments`, "signed")."""
    for (family, key), records in _steps(campaign_id).items():
        who = members.filter(pk__in=records.values("member_id")).order_by().values_list("org_id")
        for org, n in who.annotate(n=Count("pk")):
            yield family, (org, False, key, n)


def _steps(campaign_id: int) -> dict:
    return {
        ("inspections", "submitted"): SelfInspection.objects.filter(campaign_id=campaign_id,
                                                                    status=SelfInspection.Status.SUBMITTED),
        ("commitments", "signed"): Commitment.objects.filter(campaign_id=campaign_id),
    }


STEP_NAMES = {("inspections", "submitted"): "inspections_submitted", ("commitments", "signed"): "commitments_signed"}


def step_flags(campaign_id: int, member) -> dict:
    """{figure name: Exists} of the steps, for a query of members (`member`: an OuterRef to the member's pk)."""
    return {STEP_NAMES[k]: Exists(records.filter(member=member)) for k, records in _steps(campaign_id).items()}


def _family(name):
    def count(scope_: str, org_ids):
        members = Member.objects.filter(is_active=True)
        if org_ids is not None:
            members = members.filter(org_id__in=org_ids)
        return [row for family, row in step_rows(int(scope_[2:]), members) if family == name]
    return count


def scopes_of(member_ids: list[int]) -> set[str]:
    campaigns = set(SelfInspection.objects.filter(member_id__in=member_ids).values_list("campaign_id", flat=True))
    campaigns |= set(Commitment.objects.filter(member_id__in=member_ids).values_list("campaign_id", flat=True))
    return {scope(c) for c in campaigns}


def _org_of(record):
    """The org of the record's member: from the member loaded with it, else one query."""
    if type(record).member.is_cached(record):
        return record.member.org_id
    return Member.objects.filter(pk=record.member_id).values_list("org_id", flat=True).first()


def register() -> None:
    tallies.register_family("inspections", _family("inspections"), campaign_scopes)
    tallies.register_family("commitments", _family("commitments"), campaign_scopes)
    tallies.on_members_changed(("inspections", "commitments"), scopes_of)
    tallies.watch(SelfInspection, ["campaign_id", "member_id", "status"], lambda i: [
        ("inspections", scope(i.campaign_id), _org_of(i))])
    tallies.watch(Commitment, ["campaign_id", "member_id"], lambda c: [
        ("commitments", scope(c.campaign_id), _org_of(c))])
