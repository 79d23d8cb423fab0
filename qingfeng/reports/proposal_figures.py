"""The one place the figures of 提案/社情民意 are computed: the dashboard and the 年度考评 export call it.

Which items count for an org and a year: those submitted in the year (`submitted_at`, in Asia/Shanghai) whose lead
unit (主办, `Proposal.lead_unit`) lies in the org's subtree; an item not given to a unit (待受理, 已受理, 留作参考,
不予受理, 已合并) counts where its office lies, so the office's own figures hold everything it received. A unit's
row is the items it leads; co-units (协办) are not counted.

Who reads them: `visible_to(user, Proposal)`. The office's viewers read every item; whoever may see a unit's
assignments (its own managers, the viewers above it) reads the items assigned to it (the Scope's `via`), as
everywhere else. The subtree she may pick (`scopes.figures_org`: one her roles cover) thus holds exactly the items
placed in it: those its units lead through their lead assignments, those at its offices given to no unit. An item
she reads beside them (her unit is only its co-unit, she submitted it) lies in a subtree she may not pick, or at an
office whose viewers see everything anyway. So a branch's secretary reads her branch's row and figures, never
another unit's; asked for an org her roles do not cover (never by the pages), the figures are those of the orgs
inside it where her roles start.

Costs do not grow with the data: the figures are the counts kept per org with every change (proposals.counts,
orgs.tallies), read in three queries: the org's rolled rows, the own rows of the lead units inside it (the 年度考评)
and the names of the categories used. Each figure is defined where `ProposalCounts` declares it; the page's
数据口径说明 says the same in Chinese.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q, QuerySet

from qingfeng.core.permissions import can, top_orgs, visible_to
from qingfeng.orgs import tallies
from qingfeng.orgs.models import Org, Tally
from qingfeng.proposals import counts
from qingfeng.proposals.models import Category, Proposal

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


def _days(waited: datetime.timedelta | None) -> float | None:
    return None if waited is None else round(waited.total_seconds() / SECONDS_A_DAY, 1)


@dataclass
class _Waits:
    """The time from 交办 to the (last) reply, summed over the items that have both (family "proposal_waits")."""

    seconds: int = 0
    micros: int = 0
    n: int = 0

    def add(self, measure: str, n: int) -> None:
        setattr(self, measure, getattr(self, measure) + n)

    @property
    def average(self) -> datetime.timedelta | None:
        return None if not self.n else datetime.timedelta(
            microseconds=(self.seconds * 1_000_000 + self.micros) / self.n)


def _add(figures: ProposalCounts, key: str, n: int) -> None:
    """Count `n` items of a "proposals" key into `figures`."""
    status, _category, _month, rating, on_time, assigned = counts.split_proposal_key(key)
    figures.received += n
    figures.accepted += n if status in TAKEN_UP else 0
    figures.referred += n if status == Status.REFERENCE else 0
    figures.assigned += n if assigned else 0
    figures.closed += n if status == Status.CLOSED else 0
    figures.answered += n if on_time is not None else 0
    figures.on_time += n if on_time else 0
    figures.rated_satisfied += n if rating == Rating.SATISFIED else 0
    figures.rated_basic += n if rating == Rating.BASIC else 0
    figures.rated_unsatisfied += n if rating == Rating.UNSATISFIED else 0
    figures.closed_unrated += n if status == Status.CLOSED and not rating else 0


def _finish(figures: ProposalCounts, waits: _Waits) -> ProposalCounts:
    figures.reply_days = _days(waits.average)
    figures.unrated_as_satisfied = settings.PROPOSAL_UNRATED_AS_SATISFIED
    return figures


def _tops(user, org: Org) -> list[Org]:
    """Where the figures of `org` for `user` are read: `org` itself when her roles cover it (the pages let her pick
    no other org: `figures_org`), else the orgs inside it where her roles start (none for a member)."""
    if can(user, "view", org):
        return [org]
    return list(top_orgs(user).filter(path__startswith=org.path))


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


def _unit_rows(tops: list[Org], year: int) -> list[UnitRow]:
    """A row per lead unit inside `tops` with items submitted in `year`: the units' own kept counts. One query."""
    inside = Q(pk__in=[])
    for top in tops:
        inside |= Q(org__path__startswith=top.path)
    rows = (Tally.objects.filter(inside, scope=counts.scope(year), rolled=False,
                                 family__in=("proposals", "proposal_waits"))
            .values_list("org_id", "org__name", "org__path", "family", "key", "n")) if tops else []
    units: dict[int, UnitRow] = {}
    waits: dict[int, _Waits] = {}
    for org_id, name, path, family, key, n in rows:
        if family == "proposals":
            if counts.split_proposal_key(key)[-1]:
                row = units.setdefault(org_id, UnitRow(unit=Org(pk=org_id, name=name, path=path)))
                _add(row, key, n)
        else:
            measure, assigned = counts.split_wait_key(key)
            if assigned:
                waits.setdefault(org_id, _Waits()).add(measure, n)
    return ranked([_finish(row, waits.get(org_id, _Waits())) for org_id, row in units.items()])


def appraisal(user, org: Org, year: int) -> list[UnitRow]:
    """年度考评: a row per lead unit of `org`'s subtree with items submitted in `year`, ranked. One query."""
    return _unit_rows(_tops(user, org), year)


def proposal_figures(user, org: Org, year: int) -> ProposalFigures:
    """Every figure of `org`'s subtree in `year` that `user` may read: the kept counts of `org` (`_tops`), the
    units' own rows and the categories' names. Three queries, whatever the items."""
    tops = _tops(user, org)
    totals, waits = ProposalCounts(), _Waits()
    statuses: dict[str, int] = defaultdict(int)
    categories: dict[int, int] = defaultdict(int)
    received: dict[int, int] = defaultdict(int)
    replies: dict[int, int] = defaultdict(int)
    rows = tallies.read(counts.scope(year), [top.pk for top in tops], counts.FAMILIES) if tops else []
    for _org, family, _secret, key, n in rows:
        if family == "proposals":
            _add(totals, key, n)
            status, category, month, *_ = counts.split_proposal_key(key)
            statuses[status] += n
            categories[category] += n
            received[month] += n
        elif family == "proposal_waits":
            waits.add(counts.split_wait_key(key)[0], n)
        else:
            replies[int(key)] += n
    used = Category.objects.filter(pk__in=[pk for pk, n in categories.items() if n]).order_by("order", "pk")
    return ProposalFigures(
        org=org, year=year, totals=_finish(totals, waits),
        by_status=[(str(label), statuses.get(value, 0)) for value, label in Status.choices],
        by_category=[(category.name, categories[category.pk]) for category in used],
        units=_unit_rows(tops, year),
        months=[(month, received.get(month, 0), replies.get(month, 0)) for month in range(1, 13)])
