"""The one place the figures of 提案/社情民意 are computed: the dashboard and the 年度考评 export call it.

Which items count for an org and a year: those submitted in the year (`submitted_at`, in Asia/Shanghai) whose lead
unit (主办, `Proposal.lead_unit`) lies in the org's subtree; an item not given to a unit (待受理, 已受理, 留作参考,
不予受理, 已合并) counts where its office lies, so the office's own figures hold everything it received. A unit's
row is the items it leads; co-units (协办) are not counted.

Who reads them: `visible_to(user, Proposal)`. The office's viewers read every item; whoever may see a unit's
assignments (its own managers, the viewers above it) reads the items assigned to it (the Scope's `via`), as
everywhere else, and the subtree she may pick holds only the items her units lead. So a branch's secretary
reads her branch's row and figures, never another unit's.

The user's own submissions are visible to her too, but never add an item to a subtree she may pick: items given to
no unit lie at the office, whose viewers see them all anyway.

Costs do not grow with the data beyond the subtree's items: one aggregate for the totals, one GROUP BY each for the
statuses, the categories, the units and the two monthly series. Each figure is defined where `ProposalCounts`
declares it; the page's 数据口径说明 says the same in Chinese.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import ExtractMonth

from qingfeng.core.permissions import visible_to
from qingfeng.orgs.models import Org
from qingfeng.proposals.models import Proposal, Reply

Status = Proposal.Status
Rating = Proposal.Rating
# 受理: taken up for handling. 留作参考 is read but not handled (counted as received, apart), 不予受理 and
# 已合并 were not taken up, 待受理 not yet.
TAKEN_UP = (Status.ACCEPTED, Status.HANDLING, Status.REPLIED, Status.CLOSED)
SECONDS_A_DAY = 86400


def rate(numerator: int, denominator: int) -> float | None:
    """A share between 0 and 1; None when there is nothing to divide by (shown as 「—」)."""
    return numerator / denominator if denominator else None


@dataclass
class ProposalCounts:
    """The figures of a set of items: an org's subtree in a year, or one lead unit's items in it."""

    received: int = 0  # submitted in the year, whatever became of them
    accepted: int = 0  # taken up (受理): 已受理, 办理中, 已答复, 已办结
    referred: int = 0  # 留作参考: received, not handled, in no rate
    assigned: int = 0  # given to a lead unit (交办): the 办结率's denominator
    closed: int = 0  # 已办结
    answered: int = 0  # replied with the deadline judged (replied_on_time set): the on-time rate's denominator
    on_time: int = 0  # replied by the deadline in force
    rated_satisfied: int = 0  # the submitter's (latest) rating
    rated_basic: int = 0
    rated_unsatisfied: int = 0
    closed_unrated: int = 0  # 已办结 without a rating (closed by the office, or left unrated past the days allowed)
    reply_days: float | None = None  # average days from 交办 to the (last) reply, one decimal
    unrated_as_satisfied: bool = False  # settings.PROPOSAL_UNRATED_AS_SATISFIED when computed

    @property
    def satisfied(self) -> int:
        """满意, with the closed unrated items when the configuration counts them as 满意."""
        return self.rated_satisfied + (self.closed_unrated if self.unrated_as_satisfied else 0)

    @property
    def unrated(self) -> int:
        """未评价: closed items nobody rated, shown apart (none when they count as 满意)."""
        return 0 if self.unrated_as_satisfied else self.closed_unrated

    @property
    def satisfied_and_basic(self) -> int:
        """满意率's numerator."""
        return self.satisfied + self.rated_basic

    @property
    def rated(self) -> int:
        return self.satisfied_and_basic + self.rated_unsatisfied

    @property
    def closing_rate(self) -> float | None:
        """办结率: closed over assigned."""
        return rate(self.closed, self.assigned)

    @property
    def on_time_rate(self) -> float | None:
        """按期答复率: replied by the deadline over replied (with the deadline judged)."""
        return rate(self.on_time, self.answered)

    @property
    def satisfaction_rate(self) -> float | None:
        """满意率: 满意 + 基本满意 over rated."""
        return rate(self.satisfied_and_basic, self.rated)


@dataclass
class UnitRow(ProposalCounts):
    """One lead unit's line of the 年度考评."""

    unit: Org | None = None
    rank: int = 0


@dataclass
class ProposalFigures:
    org: Org
    year: int
    totals: ProposalCounts
    by_status: list[tuple[str, int]]  # (label, items) for every status, in the workflow's order
    by_category: list[tuple[str, int]]  # (category, items) for the categories used, in their order
    units: list[UnitRow]  # ranked (`ranked`)
    months: list[tuple[int, int, int]] = field(default_factory=list)  # (month, received, replies given)


def readable(user) -> QuerySet:
    """The items whose figures `user` may read: the office's viewers all of their office's; a unit's people those
    assigned to units they may see (the rule's `via`); the figures count each by its lead unit."""
    return visible_to(user, Proposal)


def _in_subtree(user, org: Org) -> QuerySet:
    """`readable` narrowed to `org`'s subtree: by the lead unit, or by the office for items given to no unit."""
    return readable(user).filter(Q(lead_unit__path__startswith=org.path)
                                 | Q(lead_unit__isnull=True, office__path__startswith=org.path))


def items(user, org: Org, year: int) -> QuerySet:
    """The items counted for `org` and `year` that `user` may read (submitted_at__year is Asia/Shanghai's year)."""
    return _in_subtree(user, org).filter(submitted_at__year=year)


def _aggregates() -> dict:
    timed = Q(replied_at__isnull=False, assigned_at__isnull=False)
    waited = ExpressionWrapper(F("replied_at") - F("assigned_at"), output_field=DurationField())
    return {
        "received": Count("pk"),
        "accepted": Count("pk", filter=Q(status__in=TAKEN_UP)),
        "referred": Count("pk", filter=Q(status=Status.REFERENCE)),
        "assigned": Count("pk", filter=Q(lead_unit__isnull=False)),
        "closed": Count("pk", filter=Q(status=Status.CLOSED)),
        "answered": Count("pk", filter=Q(replied_on_time__isnull=False)),
        "on_time": Count("pk", filter=Q(replied_on_time=True)),
        "rated_satisfied": Count("pk", filter=Q(rating=Rating.SATISFIED)),
        "rated_basic": Count("pk", filter=Q(rating=Rating.BASIC)),
        "rated_unsatisfied": Count("pk", filter=Q(rating=Rating.UNSATISFIED)),
        "closed_unrated": Count("pk", filter=Q(status=Status.CLOSED, rating="")),
        "reply_time": Avg(waited, filter=timed),
    }


def _days(waited: datetime.timedelta | None) -> float | None:
    return None if waited is None else round(waited.total_seconds() / SECONDS_A_DAY, 1)


def _counts(row: dict, cls=ProposalCounts, **extra):
    waited = row.pop("reply_time")
    return cls(**row, reply_days=_days(waited), unrated_as_satisfied=settings.PROPOSAL_UNRATED_AS_SATISFIED,
               **extra)


def _standing(row: UnitRow) -> tuple:
    """What ranks a unit: 满意率, then 办结率, then 按期答复率 (higher first), then fewer days to reply; a rate
    with nothing to divide by comes after any rate."""
    def high(value):
        return (value is None, -(value or 0))

    return (*high(row.satisfaction_rate), *high(row.closing_rate), *high(row.on_time_rate),
            row.reply_days is None, row.reply_days or 0)


def ranked(rows: list[UnitRow]) -> list[UnitRow]:
    """Best first, each with its rank; units equal on every criterion share one (1, 1, 3)."""
    rows = sorted(rows, key=lambda r: (_standing(r), r.unit.path))
    for position, row in enumerate(rows, start=1):
        before = rows[position - 2] if position > 1 else None
        row.rank = before.rank if before and _standing(before) == _standing(row) else position
    return rows


def appraisal(user, org: Org, year: int) -> list[UnitRow]:
    """年度考评: a row per lead unit of `org`'s subtree with items submitted in `year`, ranked. One query."""
    rows = (items(user, org, year).filter(lead_unit__isnull=False).order_by()
            .values("lead_unit", "lead_unit__name", "lead_unit__path").annotate(**_aggregates()))
    units = []
    for row in rows:
        unit = Org(pk=row.pop("lead_unit"), name=row.pop("lead_unit__name"), path=row.pop("lead_unit__path"))
        units.append(_counts(row, UnitRow, unit=unit))
    return ranked(units)


def proposal_figures(user, org: Org, year: int) -> ProposalFigures:
    """Every figure of `org`'s subtree in `year` that `user` may read. Six queries, whatever the items."""
    chosen = items(user, org, year).order_by()
    totals = _counts(chosen.aggregate(**_aggregates()))
    statuses = dict(chosen.values_list("status").annotate(n=Count("pk")))
    categories = (chosen.values_list("category__name").annotate(n=Count("pk"))
                  .order_by("category__order", "category__pk"))
    received = dict(chosen.annotate(month=ExtractMonth("submitted_at")).values_list("month")
                    .annotate(n=Count("pk")))
    # Replies given in the year's months to items of the subtree, whenever submitted: a second round's too.
    replies = dict(visible_to(user, Reply).filter(proposal__in=_in_subtree(user, org), created_at__year=year)
                   .annotate(month=ExtractMonth("created_at")).order_by().values_list("month")
                   .annotate(n=Count("pk")))
    return ProposalFigures(
        org=org, year=year, totals=totals,
        by_status=[(str(label), statuses.get(value, 0)) for value, label in Status.choices],
        by_category=[(name, n) for name, n in categories],
        units=appraisal(user, org, year),
        months=[(month, received.get(month, 0), replies.get(month, 0)) for month in range(1, 13)])
