"""The figures the orgs app keeps (orgs.tallies): active members per org."""

from django.db.models import Count

from . import tallies
from .models import Member


def count_members(scope: str, org_ids: list[int] | None):
    members = Member.objects.filter(is_active=True)
    if org_ids is not None:
        members = members.filter(org_id__in=org_ids)
    return ((org, False, "", n) for org, n in members.order_by().values_list("org_id").annotate(n=Count("pk")))


def member_marks(member: Member):
    return tallies.member_marks([member.pk], [member.org_id])


def register() -> None:
    tallies.register_family("members", count_members, lambda: [""])
    tallies.watch(Member, ["org_id", "is_active"], member_marks)


def count_after_upgrade(sender, plan=None, **kwargs) -> None:
    """After `migrate` created the table of kept counts on a database that already holds records (an upgrade),
    count them all once, so the figures are right from the first page (post_migrate of the orgs app)."""
    if any(m.app_label == "orgs" and m.name == "0006_tally" and not backwards for m, backwards in plan or ()):
        tallies.rebuild()
