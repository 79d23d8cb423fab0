"""What the apps of a campaign keep counted per org (orgs.tallies) have in common: the scope of a campaign's rows,
and the steps members take in it (present at a study activity, reflection submitted, self-inspection submitted,
commitment signed …), each counted once per member at her current org, wherever she took it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import CharField, Count, Exists, QuerySet, Value
from django.db.models.functions import Cast, Concat

from qingfeng.orgs import tallies
from qingfeng.orgs.models import Member

from .models import Campaign


def scope(campaign_id: int) -> str:
    return f"c:{campaign_id}"


def campaign_of(scope_: str) -> int:
    return int(scope_.removeprefix("c:"))


def campaign_scopes() -> list[str]:
    return [scope(pk) for pk in Campaign.objects.values_list("pk", flat=True)]


def every_scope() -> QuerySet:
    """The scopes of every campaign, as a subquery (a read of counts across campaigns, `scope__in`)."""
    return Campaign.objects.order_by().values(scope=Concat(Value("c:"), Cast("pk", CharField())))


def org_of(record) -> int | None:
    """The org of the record's member: from the member loaded with it, else one query."""
    if type(record).member.is_cached(record):
        return record.member.org_id
    return Member.objects.filter(pk=record.member_id).values_list("org_id", flat=True).first()


@dataclass(frozen=True)
class Step:
    family: str
    key: str
    name: str  # the figure (reports.figures.Figures) it counts
    records: Callable[[int], QuerySet]  # campaign id -> the records that make the step, with a `member`
    campaign: str = "campaign_id"  # lookup of the records' campaign


class Steps:
    """One app's member steps: counted at members' orgs, one family per step's `family`."""

    def __init__(self, *steps: Step):
        self.steps = steps

    def rows(self, campaign_id: int, members: QuerySet):
        """(family, (org, False, key, members)) of a queryset of active members."""
        for step in self.steps:
            who = (members.filter(pk__in=step.records(campaign_id).values("member_id")).order_by()
                   .values_list("org_id").annotate(n=Count("pk")))
            for org, n in who:
                yield step.family, (org, False, step.key, n)

    def flags(self, campaign_id: int, member) -> dict:
        """{figure name: Exists} of the steps, for a query of members (`member`: an OuterRef to the member's pk)."""
        return {step.name: Exists(step.records(campaign_id).filter(member=member)) for step in self.steps}

    def _count(self, family: str):
        def count(scope_: str, org_ids):
            members = Member.objects.filter(is_active=True)
            if org_ids is not None:
                members = members.filter(org_id__in=org_ids)
            return [row for name, row in self.rows(campaign_of(scope_), members) if name == family]
        return count

    def scopes_of(self, member_ids: list[int]) -> set[str]:
        """The campaigns in which these members have records that make a step."""
        found = set()
        for model, campaign in {(step.records(0).model, step.campaign): None for step in self.steps}:
            found |= set(model.objects.filter(member_id__in=member_ids).values_list(campaign, flat=True)
                         .distinct())
        return {scope(c) for c in found}

    def register(self, watch: dict) -> None:
        """Declare the families, the members' moves that recount them, and `watch`: {model: fields} of the records
        whose save or delete recounts the step at the member's org (the campaign found by the step's lookup)."""
        families = sorted({step.family for step in self.steps})
        for family in families:
            tallies.register_family(family, self._count(family), campaign_scopes)
        tallies.on_members_changed(families, self.scopes_of)
        for model, fields in watch.items():
            steps = [step for step in self.steps if step.records(0).model is model]
            tallies.watch(model, fields, self._marks(steps))

    @staticmethod
    def _marks(steps):
        def marks(record):
            campaign = record
            for hop in steps[0].campaign.split("__"):
                campaign = getattr(campaign, hop)
            org = org_of(record)
            return [(family, scope(campaign), org) for family in {step.family for step in steps}]
        marks.__qualname__ = f"steps_marks_{'_'.join(sorted({s.family for s in steps}))}"
        return marks
