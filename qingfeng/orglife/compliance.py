"""How a branch's organization life is judged, month by month (docs/figures.md, "Organization life"): one
implementation for the compliance grid (reports.figures.meeting_compliance, the records of a page of branches) and
for the counts kept per branch (orglife.counts, which the dashboard and the grid page's totals read).

`held_counts` counts, from querysets of meetings and evaluations, what each branch (and each of its groups) held per
kind and month; `judge` turns those counts, the branch's rules, its groups and its founding date into the twelve
cells of its row.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Count, Max, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from .models import Evaluation, Meeting, Requirement
from .rules import GRID_SUBJECTS, Rule


class Cell(StrEnum):
    OK = "ok"  # 达标: every kind due this month was held
    MISSING = "missing"  # 未达标: its period has ended and a kind due is missing
    PENDING = "pending"  # 进行中: the current month, something due still to be held
    FUTURE = "future"  # 未到期
    BEFORE = "before"  # 未成立: the branch was founded after this month began (Org.founded_on)


@dataclass
class MonthCompliance:
    month: int
    state: Cell
    missing: list[str]  # the kinds still missing (red) or still to be held (进行中), as people read them


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The first instant of `year` and of the next, in TIME_ZONE (Asia/Shanghai)."""
    zone = timezone.get_current_timezone()
    return (datetime.datetime(year, 1, 1, tzinfo=zone), datetime.datetime(year + 1, 1, 1, tzinfo=zone))


def period_months(period: str, month: int) -> range:
    """The months of the period of `period` that contains `month`."""
    if period == Requirement.Period.MONTH:
        return range(month, month + 1)
    if period == Requirement.Period.QUARTER:
        first = month - (month - 1) % 3
        return range(first, first + 3)
    return range(1, 13)


Counts = dict[tuple, int]  # (holder: a branch's path, or a group's id for 党小组会; kind; month) -> held


def held_counts(meetings: QuerySet, evaluations: QuerySet, year: int, branch_of: Callable[[str], str | None],
                group_branch: dict[int, str]) -> Counts:
    """What was held in `year`, from `meetings` and `evaluations` (querysets already narrowed to the orgs, and the
    records the viewer may see): a meeting counts when held (已召开) and not flagged below quorum, in the month its
    start falls in (Asia/Shanghai), for the branch whose subtree holds its org (`branch_of(org path)`); a 党小组会
    counts for each group its invitees belong to, among the groups of that branch (`group_branch`: group id ->
    its branch's path); a decided 民主评议党员 counts in December. Three queries."""
    start, end = year_bounds(year)
    held = (meetings.filter(status=Meeting.Status.HELD, starts_at__gte=start, starts_at__lt=end)
            .exclude(quorum_met=False).annotate(month=ExtractMonth("starts_at")).order_by())
    counts: Counts = {}
    for path, kind, month, n in (held.exclude(kind=Meeting.Kind.GROUP)
                                 .values_list("org__path", "kind", "month").annotate(n=Count("pk"))):
        key = (branch_of(path), kind, month)
        counts[key] = counts.get(key, 0) + n
    # each (meeting, group of an invitee) once: grouped by the meeting's id, whose org and month come with it (a
    # count of distinct meetings per org, group and month made the database sort every invitation)
    for path, group_id, month in (held.filter(kind=Meeting.Kind.GROUP, attendance__member__group__isnull=False)
                                  .values("pk", "attendance__member__group_id")
                                  .annotate(path=Max("org__path"), held_in=Max("month"))
                                  .values_list("path", "attendance__member__group_id", "held_in")):
        branch = group_branch.get(group_id)
        if branch is not None and branch == branch_of(path):  # a meeting of the group's own branch
            key = (group_id, Meeting.Kind.GROUP, month)
            counts[key] = counts.get(key, 0) + 1
    for path, n in (evaluations.filter(year=year, status=Evaluation.Status.DONE)
                    .order_by().values_list("org__path").annotate(n=Count("pk"))):
        key = (branch_of(path), Requirement.Subject.DEMOCRATIC_REVIEW, 12)
        counts[key] = counts.get(key, 0) + n
    return counts


def judge(path: str, founded: datetime.date | None, rules: dict[str, Rule], groups: list, counts: Counts,
          year: int, current: tuple[int, int]) -> list[MonthCompliance]:
    """The twelve cells of the branch at `path` in `year`, `current` being (year, month) of today: `rules` in force
    for it (RuleBook.effective), its active groups (objects with `pk` and `name`), `counts` from `held_counts`.

    A rule's period decides where it is judged: a monthly kind in every month, a quarterly kind in the quarter's
    last month (held in any month of the quarter), a yearly kind in December. A branch founded in the year is judged
    only on periods that began on or after its founding: the months before are 未成立, and a quarter or year already
    running when it was founded asks nothing of it. With `current` after the year, every month is judged as ended.
    """
    rules = [r for s, r in rules.items() if s in GRID_SUBJECTS and r.required]

    held: dict[tuple, int] = {}  # a quarter's or the year's sum is asked in each of its months: summed once

    def held_in(holder, kind, months) -> int:
        key = (holder, kind, months.start, months.stop)
        if key not in held:
            held[key] = sum(counts.get((holder, kind, m), 0) for m in months)
        return held[key]

    months = []
    for month in range(1, 13):
        when = (year, month)
        if founded and datetime.date(year, month, 1) < founded:
            months.append(MonthCompliance(month, Cell.FUTURE if when > current else Cell.BEFORE, []))
            continue
        missing, outstanding = [], []
        for rule in rules:
            period = period_months(rule.period, month)
            if month != period[-1] and when != current:
                continue  # judged in the period's last month; before it, only the current month says what is due
            if founded and datetime.date(year, period[0], 1) < founded:
                continue  # a quarter or year that was running when the branch was founded
            if rule.subject == Requirement.Subject.GROUP:
                short = [f"{rule.label}（{g.name}）" for g in groups
                         if held_in(g.pk, rule.subject, period) < rule.minimum]
            else:
                short = [rule.label] if held_in(path, rule.subject, period) < rule.minimum else []
            if month == period[-1]:
                missing += short
            elif when == current:  # a quarter or the year still running: what it still needs
                suffix = "（本季度）" if rule.period == Requirement.Period.QUARTER else "（本年度）"
                outstanding += [f"{label}{suffix}" for label in short]
        if when > current:
            state = Cell.FUTURE
        elif missing:
            state = Cell.PENDING if when == current else Cell.MISSING
        else:
            state = Cell.OK
        shown = [] if state == Cell.FUTURE else missing + outstanding if when == current else missing
        months.append(MonthCompliance(month, state, shown))
    return months


def ended(year: int) -> tuple[int, int]:
    """A `current` for `judge` after every month of `year`: each cell as it stands once its month has ended."""
    return (year + 1, 1)
