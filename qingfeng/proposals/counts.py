"""The figures of 提案/社情民意 kept per org (orgs.tallies), a scope per year ("y:2026", Asia/Shanghai).

An item counts at its lead unit (主办, `lead_unit`), or at its office while given to no unit, in the year it was
submitted: family "proposals", one row per (status, category, month submitted, rating, replied on time, given to a
unit), from which reports.proposal_figures rebuilds every figure; "proposal_waits", the time from 交办 to the (last)
reply of the items that have both, as whole seconds, the microseconds left over and the items (sums, so a subtree's
are its orgs' added up), apart for the items given to a unit; "replies", the replies given in each month of the year
(whenever their item was submitted), at their item's place.
"""

import datetime

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from qingfeng.orgs import tallies

from .models import Proposal, Reply

FAMILIES = ("proposals", "proposal_waits", "replies")
MICROSECOND = datetime.timedelta(microseconds=1)


def scope(year: int) -> str:
    return f"y:{year}"


def scope_of(when: datetime.datetime | None) -> str | None:
    return None if when is None else scope(timezone.localtime(when).year)


def year_scopes() -> list[str]:
    years = {when.year for when in Proposal.objects.datetimes("submitted_at", "year")}
    years |= {when.year for when in Reply.objects.datetimes("created_at", "year")}
    return [scope(year) for year in sorted(years)]


def place(proposal: Proposal) -> int | None:
    """The org an item counts at: its lead unit, or its office while given to no unit."""
    return proposal.lead_unit_id or proposal.office_id


def _flag(value: bool | None) -> str:
    return "" if value is None else str(int(value))


def proposal_key(status: str, category_id: int, month: int, rating: str, on_time: bool | None,
                 assigned: bool) -> str:
    return f"{status}|{category_id}|{month}|{rating}|{_flag(on_time)}|{_flag(assigned)}"


def split_proposal_key(key: str) -> tuple[str, int, int, str, bool | None, bool]:
    status, category, month, rating, on_time, assigned = key.split("|")
    return status, int(category), int(month), rating, None if on_time == "" else on_time == "1", assigned == "1"


def wait_key(measure: str, assigned: bool) -> str:
    """measure: "seconds", "micros" or "n"."""
    return f"{measure}|{_flag(assigned)}"


def split_wait_key(key: str) -> tuple[str, bool]:
    measure, assigned = key.split("|")
    return measure, assigned == "1"


def _placed(org_ids, through: str = "") -> Q:
    return (Q(**{f"{through}lead_unit_id__in": org_ids})
            | Q(**{f"{through}lead_unit__isnull": True, f"{through}office_id__in": org_ids}))


def _items(scope_: str, org_ids) -> QuerySet:
    items = Proposal.objects.filter(submitted_at__year=int(scope_[2:])).order_by()
    return items if org_ids is None else items.filter(_placed(org_ids))


def count_proposals(scope_: str, org_ids):
    rows = (_items(scope_, org_ids).annotate(month=ExtractMonth("submitted_at"))
            .values_list("lead_unit_id", "office_id", "status", "category_id", "month", "rating", "replied_on_time")
            .annotate(n=Count("pk")))
    for lead, office, status, category, month, rating, on_time, n in rows:
        yield lead or office, False, proposal_key(status, category, month, rating, on_time, lead is not None), n


def count_waits(scope_: str, org_ids):
    waited = ExpressionWrapper(F("replied_at") - F("assigned_at"), output_field=DurationField())
    rows = (_items(scope_, org_ids).filter(replied_at__isnull=False, assigned_at__isnull=False)
            .values_list("lead_unit_id", "office_id").annotate(total=Sum(waited), n=Count("pk")))
    for lead, office, total, n in rows:
        seconds, micros = divmod(total // MICROSECOND, 1_000_000)
        assigned = lead is not None
        yield lead or office, False, wait_key("seconds", assigned), seconds
        yield lead or office, False, wait_key("micros", assigned), micros
        yield lead or office, False, wait_key("n", assigned), n


def count_replies(scope_: str, org_ids):
    replies = Reply.objects.filter(created_at__year=int(scope_[2:])).order_by()
    if org_ids is not None:
        replies = replies.filter(_placed(org_ids, "proposal__"))
    rows = (replies.annotate(month=ExtractMonth("created_at"))
            .values_list("proposal__lead_unit_id", "proposal__office_id", "month").annotate(n=Count("pk")))
    for lead, office, month, n in rows:
        yield lead or office, False, str(month), n


def proposal_marks(proposal: Proposal) -> list[tallies.Mark]:
    at = scope_of(proposal.submitted_at)
    return [] if at is None else [("proposals", at, place(proposal)), ("proposal_waits", at, place(proposal))]


def reply_marks(reply: Reply, proposal: Proposal) -> list[tallies.Mark]:
    at = scope_of(reply.created_at)
    return [] if at is None else [("replies", at, place(proposal))]


def _replies_of(proposal: Proposal) -> list[tallies.Mark]:
    """An item placed elsewhere takes its replies along: recounted in each year one was given."""
    if proposal.pk is None:
        return []
    return [("replies", scope(when.year), place(proposal))
            for when in Reply.objects.filter(proposal_id=proposal.pk).datetimes("created_at", "year")]


def _reply_marks(reply: Reply) -> list[tallies.Mark]:
    placed = Proposal.objects.filter(pk=reply.proposal_id).values_list("lead_unit_id", "office_id").first()
    at = scope_of(reply.created_at)
    return [("replies", at, placed[0] or placed[1])] if placed and at else []


def register() -> None:
    tallies.register_family("proposals", count_proposals, year_scopes)
    tallies.register_family("proposal_waits", count_waits, year_scopes)
    tallies.register_family("replies", count_replies, year_scopes)
    tallies.watch(Proposal, ["office_id", "lead_unit_id", "status", "category_id", "submitted_at", "rating",
                             "replied_on_time", "assigned_at", "replied_at"], proposal_marks)
    tallies.watch(Proposal, ["office_id", "lead_unit_id"], _replies_of)
    tallies.watch(Reply, ["proposal_id", "created_at"], _reply_marks)
