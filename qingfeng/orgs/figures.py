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


# Migrations after which families are counted from the records (None: all): those that made the table, and
# those that come with a new family (an app adds its own with `count_after`).
COUNT_AFTER: dict[tuple[str, str], tuple[str, ...] | None] = {("orgs", "0006_tally"): None,
                                                               ("orgs", "0010_tally_primary_key"): None}


def count_after(app_label: str, migration: str, families: tuple[str, ...]) -> None:
    """Count `families` from the records once `migration` was applied (a family added to a database in use)."""
    COUNT_AFTER[(app_label, migration)] = families


def count_after_upgrade(sender, plan=None, **kwargs) -> None:
    """After `migrate` created the table of kept counts, or brought a new family, on a database that already holds
    records (an upgrade), count them once, so the figures are right from the first page (post_migrate of the orgs
    app, which runs after every app's migrations)."""
    applied = [COUNT_AFTER[(m.app_label, m.name)] for m, backwards in plan or ()
               if not backwards and (m.app_label, m.name) in COUNT_AFTER]
    if None in applied:
        tallies.rebuild()
    elif applied:
        tallies.rebuild(sorted({family for families in applied for family in families}))
