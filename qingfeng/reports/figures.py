"""The one place a campaign's figures are computed: pages, exports and the API call it.

Each figure is defined in docs/figures.md. Every queryset starts from `visible_to`, so a
confidential problem (and its rectifications) counts only for those who may see it; narrowing
to one org's subtree is for display only. Costs do not grow with the data: a few aggregate
queries per call, and the per-sub-org figures GROUP BY the children's path prefix. Each query
reads only the subtree's records (the member figures look them up by the subtree's members), so
a branch costs the same in a campaign or a database of any size (bench/dashboard_scale.py).
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, ExtractMonth, Substr, TruncWeek
from django.utils import timezone

from qingfeng.campaigns.models import Campaign
from qingfeng.core.permissions import anywhere, visible_to
from qingfeng.inspection.models import Commitment, SelfInspection
from qingfeng.ledger.models import Problem, Rectification
from qingfeng.orglife.models import Evaluation, Meeting, MeetingAttendance, Requirement, Talk
from qingfeng.orglife.rules import GRID_SUBJECTS, RuleBook
from qingfeng.orgs.models import Member, Org
from qingfeng.study.models import Attendance, Reflection, StudyActivity

OTHER_CATEGORY = "其他来源"  # problems not tied to a checklist item
NO_DIMENSION = "未标注维度"


def rate(numerator: int, denominator: int) -> float | None:
    """A share between 0 and 1; None when there is nothing to divide by (shown as 「—」)."""
    return numerator / denominator if denominator else None


@dataclass
class Figures:
    """What one user may see of one campaign within one org's subtree, as of one day."""

    org: Org
    as_of: datetime.date
    members: int = 0  # active members in the subtree
    participants: int = 0  # of them: present at ≥ 1 study activity of the campaign
    reflections_submitted: int = 0  # of them: submitted a reflection at least once
    reflections_accepted: int = 0  # of them: have an accepted reflection
    inspections_submitted: int = 0  # of them: submitted their self-inspection
    commitments_signed: int = 0  # of them: signed the commitment
    study_activities: int | None = None  # activities held by orgs in the subtree (not per sub-org)
    problems: int = 0
    problems_by_source: dict = field(default_factory=dict)
    problems_by_category: dict = field(default_factory=dict)
    problems_by_dimension: dict = field(default_factory=dict)
    rectifications: int = 0
    rectifications_by_status: dict = field(default_factory=dict)
    rectifications_overdue: int = 0
    rectifications_on_time: int = 0  # accepted no later than their due date

    @property
    def rectifications_accepted(self) -> int:
        return self.rectifications_by_status.get(Rectification.Status.ACCEPTED, 0)

    @property
    def participation_rate(self):
        return rate(self.participants, self.members)

    @property
    def reflection_submission_rate(self):
        return rate(self.reflections_submitted, self.members)

    @property
    def reflection_acceptance_rate(self):
        return rate(self.reflections_accepted, self.members)

    @property
    def inspection_rate(self):
        return rate(self.inspections_submitted, self.members)

    @property
    def commitment_rate(self):
        return rate(self.commitments_signed, self.members)

    @property
    def completion_rate(self):
        return rate(self.rectifications_accepted, self.rectifications)

    @property
    def on_time_rate(self):
        return rate(self.rectifications_on_time, self.rectifications_accepted)


def _subtree(lookup: str, path: str) -> dict:
    """Filter kwargs: the org path at `lookup` lies in the subtree at `path` (a path prefix).

    SQLite cannot serve a case-insensitive LIKE from the path index and then reads the whole
    campaign by its campaign index, so there the prefix is written as the range it is (paths are
    [0-9A-Z] and SQLite compares them bytewise). PostgreSQL keeps LIKE, which its pattern index
    serves whatever the database's collation.
    """
    if connection.vendor == "sqlite":
        return {f"{lookup}__gte": path, f"{lookup}__lt": path[:-1] + chr(ord(path[-1]) + 1)}
    return {f"{lookup}__startswith": path}


def _scoped(user, model, campaign: Campaign, path: str, **filters) -> QuerySet:
    """The records of `campaign` the user may see, narrowed to the subtree at `path`."""
    lookup = "problem__campaign" if model is Rectification else "campaign"
    return visible_to(user, model).filter(**_subtree("org__path", path), **{lookup: campaign}, **filters)


def _member_counts(campaign: Campaign, user, path: str) -> dict:
    """Count expressions over visible active members of the subtree at `path`: each member counts once per figure.

    Each subquery is narrowed to members whose branch is in the subtree (the only ones counted),
    so it reads the subtree's records through the member indexes, not the whole campaign's.
    """
    mine = _subtree("member__org__path", path)

    def members_of(model, **filters):
        return visible_to(user, model).filter(campaign=campaign, **mine, **filters).values("member_id")

    attended = visible_to(user, Attendance).filter(activity__campaign=campaign,
                                                 status=Attendance.Status.PRESENT, **mine)
    return {
        "members": Count("pk"),
        "participants": Count("pk", filter=Q(pk__in=attended.values("member_id"))),
        "reflections_submitted": Count("pk", filter=Q(pk__in=members_of(Reflection, submitted_at__isnull=False))),
        "reflections_accepted": Count("pk", filter=Q(
            pk__in=members_of(Reflection, status=Reflection.Status.ACCEPTED))),
        "inspections_submitted": Count("pk", filter=Q(
            pk__in=members_of(SelfInspection, status=SelfInspection.Status.SUBMITTED))),
        "commitments_signed": Count("pk", filter=Q(pk__in=members_of(Commitment))),
    }


def _rectification_counts(today: datetime.date) -> dict:
    accepted = Q(status=Rectification.Status.ACCEPTED)
    return {
        "rectifications": Count("pk"),
        "rectifications_overdue": Count("pk", filter=Rectification.overdue_q(today)),
        # accepted_at__date is the date in TIME_ZONE (Asia/Shanghai).
        "rectifications_on_time": Count("pk", filter=accepted & Q(accepted_at__date__lte=F("due_date"))),
        **{f"status_{s}": Count("pk", filter=Q(status=s)) for s in Rectification.Status.values},
    }


def _split_statuses(row: dict) -> dict:
    row["rectifications_by_status"] = {s: row.pop(f"status_{s}") for s in Rectification.Status.values}
    return row


def campaign_figures(campaign: Campaign, user, org: Org | None = None,
                     today: datetime.date | None = None) -> Figures:
    """Every figure of `campaign` that `user` may see, within `org`'s subtree (default: the campaign's org)."""
    org = org or campaign.org
    today = today or timezone.localdate()
    path = org.path
    figures = Figures(org=org, as_of=today)

    members = visible_to(user, Member).filter(is_active=True, **_subtree("org__path", path))
    for name, value in members.aggregate(**_member_counts(campaign, user, path)).items():
        setattr(figures, name, value)
    figures.study_activities = _scoped(user, StudyActivity, campaign, path).count()

    by_source = dict.fromkeys(Problem.Source.values, 0)
    by_category: dict[tuple, int] = {}
    by_dimension = dict.fromkeys(campaign.get_dimensions(), 0)
    rows = (_scoped(user, Problem, campaign, path).order_by()
            .values_list("source", "dimension", "checklist_item__category__order",
                         "checklist_item__category__title")
            .annotate(n=Count("pk")))
    for source, dimension, order, category, n in rows:
        by_source[source] = by_source.get(source, 0) + n
        dimension = dimension or NO_DIMENSION
        by_dimension[dimension] = by_dimension.get(dimension, 0) + n
        key = (0, order, category) if category is not None else (1, 0, OTHER_CATEGORY)
        by_category[key] = by_category.get(key, 0) + n
    figures.problems = sum(by_source.values())
    figures.problems_by_source = by_source
    figures.problems_by_category = {key[2]: n for key, n in sorted(by_category.items())}
    figures.problems_by_dimension = by_dimension

    row = _scoped(user, Rectification, campaign, path).aggregate(**_rectification_counts(today))
    for name, value in _split_statuses(row).items():
        setattr(figures, name, value)
    return figures


def source_rows(by_source: dict, user) -> list[tuple[str, int]]:
    """(label, problems) per source, as the campaign page and the dashboard list them.

    A confidential source is listed to the discipline role, and to whoever has such problems in
    the count (the member they concern), so the rows always add up to the total shown beside them.
    """
    sees_confidential = anywhere(user, "see_confidential")
    return [(label, by_source.get(value, 0)) for value, label in Problem.Source.choices
            if sees_confidential or value not in Problem.CONFIDENTIAL_SOURCES or by_source.get(value)]


def sub_orgs(user, org: Org) -> QuerySet:
    """The direct sub-orgs ranked on a dashboard: party groups hold no members of their own."""
    return (visible_to(user, Org).filter(path__startswith=org.path, depth=org.depth + 1)
            .exclude(kind=Org.Kind.GROUP).order_by("path"))


def sub_org_figures(campaign: Campaign, user, org: Org | None = None,
                    today: datetime.date | None = None) -> list[Figures]:
    """The core figures per direct sub-org of `org`, in path order.

    Three GROUP BY queries on the children's path prefix plus one for the children: the
    number of queries does not grow with the number of sub-orgs. Records held by `org`
    itself belong to no sub-org and are left out here (they are in `campaign_figures`).
    Problems by category/dimension/source and study activities are not split per sub-org.
    """
    org = org or campaign.org
    today = today or timezone.localdate()
    children = list(sub_orgs(user, org))
    if not children:
        return []
    figures = {child.path: Figures(org=child, as_of=today) for child in children}
    width = len(org.path) + Org.steplen
    below = {**_subtree("org__path", org.path), "org__depth__gt": org.depth}

    def grouped(queryset):
        return (queryset.filter(**below).annotate(branch=Substr("org__path", 1, width))
                .order_by().values("branch"))

    members = visible_to(user, Member).filter(is_active=True)
    for row in grouped(members).annotate(**_member_counts(campaign, user, org.path)):
        _fill(figures, row)
    problems = visible_to(user, Problem).filter(campaign=campaign)
    for row in grouped(problems).annotate(problems=Count("pk")):
        _fill(figures, row)
    rectifications = visible_to(user, Rectification).filter(problem__campaign=campaign)
    for row in grouped(rectifications).annotate(**_rectification_counts(today)):
        _fill(figures, _split_statuses(row))
    for f in figures.values():
        f.rectifications_by_status = f.rectifications_by_status or dict.fromkeys(Rectification.Status.values, 0)
    return list(figures.values())


def _fill(figures: dict, row: dict) -> None:
    target = figures.get(row.pop("branch"))
    if target is not None:  # a sub-org the user cannot see
        for name, value in row.items():
            setattr(target, name, value)


def ranked(figures: list[Figures]) -> list[Figures]:
    """Highest rectification completion first; sub-orgs with nothing to rectify last."""
    return sorted(figures, key=lambda f: (f.completion_rate is None, -(f.completion_rate or 0), f.org.path))


@dataclass
class MemberProgress:
    """One member's steps in a campaign, as a branch dashboard ranks them (docs/figures.md)."""

    member: Member
    participated: bool  # present at ≥ 1 study activity of the campaign
    reflection_submitted: bool
    reflection_accepted: bool
    inspection_submitted: bool
    commitment_signed: bool
    problems: int  # problems registered about the member
    rectifications: int  # rectifications the member owns
    rectifications_accepted: int
    rectifications_overdue: int

    @property
    def completion_rate(self):
        return rate(self.rectifications_accepted, self.rectifications)


def member_progress(campaign: Campaign, user, org: Org | None = None,
                    today: datetime.date | None = None) -> list[MemberProgress]:
    """Each visible active member of `org`'s subtree with their steps and rectifications, ranked.

    One query whatever the number of members: the study steps count as in `campaign_figures`
    (the same expressions, grouped per member), problems and rectifications as subqueries.
    Highest completion first, members with nothing to rectify last, then by steps done.
    """
    org = org or campaign.org
    today = today or timezone.localdate()
    steps = _member_counts(campaign, user, org.path)
    del steps["members"]
    rectifications = visible_to(user, Rectification).filter(problem__campaign=campaign, owner=OuterRef("pk"))

    def count(queryset, by="owner"):
        return Coalesce(Subquery(queryset.order_by().values(by).annotate(n=Count("pk")).values("n")), 0)

    rows = (visible_to(user, Member).filter(is_active=True, **_subtree("org__path", org.path))
            .annotate(**steps,
                      problem_count=count(visible_to(user, Problem).filter(campaign=campaign, member=OuterRef("pk")),
                                          "member"),
                      rectification_count=count(rectifications),
                      accepted_count=count(rectifications.filter(status=Rectification.Status.ACCEPTED)),
                      overdue_count=count(rectifications.filter(Rectification.overdue_q(today))))
            .order_by("name_pinyin", "pk"))
    progress = [MemberProgress(member=m, participated=bool(m.participants),
                               reflection_submitted=bool(m.reflections_submitted),
                               reflection_accepted=bool(m.reflections_accepted),
                               inspection_submitted=bool(m.inspections_submitted),
                               commitment_signed=bool(m.commitments_signed), problems=m.problem_count,
                               rectifications=m.rectification_count, rectifications_accepted=m.accepted_count,
                               rectifications_overdue=m.overdue_count) for m in rows]
    done = ("participated", "reflection_submitted", "inspection_submitted", "commitment_signed")
    return sorted(progress, key=lambda p: (p.completion_rate is None, -(p.completion_rate or 0),
                                           -sum(getattr(p, step) for step in done)))


def campaign_start(campaign: Campaign) -> datetime.date:
    """The first day of the campaign's first phase; the day it was created while it has no dates."""
    first = min((p.start for p in campaign.phases.all()), default=None)
    return first or timezone.localdate(campaign.created_at)


def accepted_per_week(campaign: Campaign, user, org: Org | None = None,
                      today: datetime.date | None = None) -> list[tuple]:
    """(Monday, rectifications accepted that week) from the campaign's first week up to today's week.

    Weeks run Monday to Sunday in TIME_ZONE; a week with none shows 0. Only rectifications
    currently accepted count (one reopened by 回头看 no longer does).
    """
    org = org or campaign.org
    today = today or timezone.localdate()
    this_monday = today - datetime.timedelta(days=today.weekday())
    start = campaign_start(campaign)
    first = min(start - datetime.timedelta(days=start.weekday()), this_monday)
    weeks = (this_monday - first).days // 7 + 1
    rows = (_scoped(user, Rectification, campaign, org.path, status=Rectification.Status.ACCEPTED,
                    accepted_at__date__gte=first)
            .annotate(week=TruncWeek("accepted_at")).order_by().values("week").annotate(n=Count("pk")))
    counts: dict[datetime.date, int] = {}
    for row in rows:
        week = row["week"]
        week = timezone.localtime(week).date() if isinstance(week, datetime.datetime) else week
        counts[week] = counts.get(week, 0) + row["n"]
    return [(first + datetime.timedelta(weeks=i), counts.get(first + datetime.timedelta(weeks=i), 0))
            for i in range(weeks)]


def overdue_list(campaign: Campaign, user, org: Org | None = None, today: datetime.date | None = None,
                 limit: int = 20) -> list[Rectification]:
    """The longest-overdue rectifications the user may see, each with `days_overdue`."""
    org = org or campaign.org
    today = today or timezone.localdate()
    rows = list(_scoped(user, Rectification, campaign, org.path).filter(Rectification.overdue_q(today))
                .select_related("owner", "org", "problem").order_by("due_date", "id")[:limit])
    for r in rows:
        r.days_overdue = (today - r.due_date).days
    return rows


def most_common_items(campaign: Campaign, user, org: Org | None = None, limit: int = 10) -> list[tuple]:
    """(item code, item text, problems) for the checklist items most often found, most first, then by code."""
    org = org or campaign.org
    rows = (_scoped(user, Problem, campaign, org.path, checklist_item__isnull=False).order_by()
            .values_list("checklist_item__code", "checklist_item__text")
            .annotate(n=Count("pk")).order_by("-n", "checklist_item__code")[:limit])
    return [tuple(row) for row in rows]


# --- 组织生活: compliance of each branch and 学时 of each member (docs/figures.md, "Organization life") ---

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


@dataclass
class BranchCompliance:
    org: Org
    months: list[MonthCompliance]
    talks: "TalkCoverage | None" = None  # set by who shows it beside the months (talk_coverage)

    @property
    def compliant(self) -> bool:
        """No month so far ended with a kind missing."""
        return all(m.state != Cell.MISSING for m in self.months)


@dataclass
class Compliance:
    """The compliance grid of one org's subtree for one year: a row per branch, a cell per month."""

    org: Org
    year: int
    as_of: datetime.date
    rows: list[BranchCompliance]

    @property
    def compliant(self) -> int:
        return sum(row.compliant for row in self.rows)

    def compliant_in(self, month: int) -> int:
        """Branches green in `month` (达标)."""
        return sum(row.months[month - 1].state == Cell.OK for row in self.rows)


def _year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The first instant of `year` and of the next, in TIME_ZONE (Asia/Shanghai)."""
    zone = timezone.get_current_timezone()
    return (datetime.datetime(year, 1, 1, tzinfo=zone), datetime.datetime(year + 1, 1, 1, tzinfo=zone))


def _period_months(period: str, month: int) -> range:
    """The months of the period of `period` that contains `month`."""
    if period == Requirement.Period.MONTH:
        return range(month, month + 1)
    if period == Requirement.Period.QUARTER:
        first = month - (month - 1) % 3
        return range(first, first + 3)
    return range(1, 13)


def _branch_of(path: str, branches: dict[str, Org]) -> str | None:
    """The branch of `branches` whose subtree holds the org at `path` (branches never nest)."""
    for end in range(Org.steplen, len(path) + 1, Org.steplen):
        if path[:end] in branches:
            return path[:end]
    return None


def meeting_compliance(user, org: Org, year: int, today: datetime.date | None = None,
                       book: RuleBook | None = None) -> Compliance:
    """Which required kinds of meeting each branch of `org`'s subtree missed in each month of `year`.

    A meeting counts when held (已召开) and not flagged below quorum, in the month its start falls in
    (Asia/Shanghai). A rule's period decides where it is judged: a monthly kind in every month, a quarterly
    kind in the quarter's last month (held in any month of the quarter), a yearly kind in December. Each
    group (党小组) of a branch needs its own 党小组会: one counts for the groups its invitees belong to.
    民主评议党员 counts for the year it evaluates once its results are decided (已确定结果), in December.
    A branch with a founding date (`Org.founded_on`) is judged only on periods that began on or after it: the
    months before are 未成立, and a quarter or year already running when it was founded asks nothing of it.
    Six queries whatever the size of the subtree or of the database: the branches, their groups, the rules,
    two aggregates of meetings grouped by org, kind (or group) and month, and the decided evaluations.
    """
    today = today or timezone.localdate()
    current = (today.year, today.month)
    orgs = visible_to(user, Org).filter(**_subtree("path", org.path), is_active=True)
    branches = {b.path: b for b in orgs.filter(kind=Org.Kind.BRANCH).order_by("path")}
    if not branches:
        return Compliance(org=org, year=year, as_of=today, rows=[])
    groups: dict[str, list[Org]] = {}
    for group in orgs.filter(kind=Org.Kind.GROUP).order_by("path"):
        branch = _branch_of(group.path, branches)
        if branch:
            groups.setdefault(branch, []).append(group)
    book = book or RuleBook(org)

    start, end = _year_bounds(year)
    held = (visible_to(user, Meeting).filter(**_subtree("org__path", org.path), status=Meeting.Status.HELD,
                                              starts_at__gte=start, starts_at__lt=end)
            .exclude(quorum_met=False).annotate(month=ExtractMonth("starts_at")).order_by())
    counts: dict[tuple, int] = {}  # (branch path, kind, month) -> meetings
    for path, kind, month, n in (held.exclude(kind=Meeting.Kind.GROUP)
                                 .values_list("org__path", "kind", "month").annotate(n=Count("pk"))):
        key = (_branch_of(path, branches), kind, month)
        counts[key] = counts.get(key, 0) + n
    for group_id, month, n in (held.filter(kind=Meeting.Kind.GROUP, attendance__member__group__isnull=False)
                               .values_list("attendance__member__group_id", "month")
                               .annotate(n=Count("pk", distinct=True))):
        counts[(group_id, Meeting.Kind.GROUP, month)] = n
    for path, n in (visible_to(user, Evaluation).filter(**_subtree("org__path", org.path), year=year,
                                                         status=Evaluation.Status.DONE)
                    .order_by().values_list("org__path").annotate(n=Count("pk"))):
        key = (_branch_of(path, branches), Requirement.Subject.DEMOCRATIC_REVIEW, 12)
        counts[key] = counts.get(key, 0) + n

    def held_in(holder, kind, months) -> int:
        return sum(counts.get((holder, kind, m), 0) for m in months)

    rows = []
    for path, branch in branches.items():
        rules = [r for s, r in book.effective(path).items() if s in GRID_SUBJECTS and r.required]
        founded = branch.founded_on
        months = []
        for month in range(1, 13):
            when = (year, month)
            if founded and datetime.date(year, month, 1) < founded:
                months.append(MonthCompliance(month, Cell.FUTURE if when > current else Cell.BEFORE, []))
                continue
            missing, outstanding = [], []
            for rule in rules:
                period = _period_months(rule.period, month)
                if founded and datetime.date(year, period[0], 1) < founded:
                    continue  # a quarter or year that was running when the branch was founded
                if rule.subject == Requirement.Subject.GROUP:
                    short = [f"{rule.label}（{g.name}）" for g in groups.get(path, [])
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
        rows.append(BranchCompliance(branch, months))
    return Compliance(org=org, year=year, as_of=today, rows=rows)


@dataclass
class TalkCoverage:
    """谈心谈话 of one branch in a year: of the pairs (支委, another member of the branch) the yearly rule asks for,
    how many talked (a talk between two 支委 counts for both of them)."""

    covered: int
    expected: int
    state: Cell

    @property
    def missing(self) -> int:
        return self.expected - self.covered


def talk_coverage(user, org: Org, year: int, today: datetime.date | None = None) -> dict[str, TalkCoverage]:
    """Per branch path of `org`'s subtree: the 支委 × member pairs that talked in `year` (any kind of talk, either
    way round), against all such pairs of the branch's active members. Judged at the year's end like a yearly
    meeting: before it, an incomplete branch is 进行中. Four queries whatever the subtree: the branches, the members
    counted per org, the 支委 and the distinct pairs that talked.
    """
    today = today or timezone.localdate()
    branches = {b.path: b for b in visible_to(user, Org).filter(
        **_subtree("path", org.path), is_active=True, kind=Org.Kind.BRANCH)}
    if not branches:
        return {}
    members = visible_to(user, Member).filter(**_subtree("org__path", org.path), is_active=True).order_by()
    size: dict[str, int] = {}
    for path, n in members.values_list("org__path").annotate(n=Count("pk")):
        branch = _branch_of(path, branches)
        size[branch] = size.get(branch, 0) + n
    committee = {member_id: _branch_of(path, branches)  # 支委 member id -> branch path
                 for member_id, path in members.exclude(committee_post="").values_list("pk", "org__path")}
    talked = (visible_to(user, Talk).filter(**_subtree("org__path", org.path), date__year=year,
                                            talker__is_active=True, talkee__is_active=True)
              .order_by().values_list("talker_id", "talker__org__path", "talkee_id", "talkee__org__path").distinct())
    pairs: dict[str, set] = {}
    for a, a_path, b, b_path in talked:
        for one, other, other_path in ((a, b, b_path), (b, a, a_path)):
            branch = committee.get(one)
            if branch and one != other and _branch_of(other_path, branches) == branch:
                pairs.setdefault(branch, set()).add((one, other))
    ended = year < today.year
    result = {}
    on_committee = Counter(committee.values())  # branch path -> its 支委
    for path in branches:
        expected = on_committee[path] * max(size.get(path, 0) - 1, 0)
        covered = len(pairs.get(path, ()))
        state = Cell.OK if covered >= expected else Cell.MISSING if ended else Cell.PENDING
        result[path] = TalkCoverage(covered, expected, state)
    return result


def _target(book: RuleBook, org: Org, subject: str):
    """The 学时 target of each member by her branch's rule: the deepest org with its own rule wins."""
    inside = sorted(((path, rules[subject].minimum) for path, rules in book.by_path.items()
                     if subject in rules and path.startswith(org.path) and path != org.path),
                    key=lambda item: -len(item[0]))
    default = Value(book.effective(org.path)[subject].minimum, output_field=DecimalField())
    if not inside:
        return default
    return Case(*(When(org__path__startswith=path, then=Value(minimum)) for path, minimum in inside),
                default=default, output_field=DecimalField())


def _attended(user, year: int, **where) -> tuple[QuerySet, QuerySet]:
    """The attendance rows that count for 学时 in `year`, of meetings and of study activities, as the user may see
    them: 出席 at a held meeting (its `hours`) or at a study activity (its `hours`), in Asia/Shanghai."""
    start, end = _year_bounds(year)
    meetings = visible_to(user, MeetingAttendance).filter(
        status=MeetingAttendance.Status.PRESENT, meeting__status=Meeting.Status.HELD,
        meeting__starts_at__gte=start, meeting__starts_at__lt=end, **where)
    activities = visible_to(user, Attendance).filter(status=Attendance.Status.PRESENT, activity__date__year=year,
                                                     **where)
    return meetings, activities


def study_hours(user, org: Org, year: int, book: RuleBook | None = None) -> QuerySet:
    """The visible active members of `org`'s subtree, each with `hours` (学时 in `year`) and `target`.

    Hours: `Meeting.hours` of each held meeting she attended (出席) and `StudyActivity.hours` of each study
    activity she attended (出席), in `year` (Asia/Shanghai). Target: HOURS_LEADER for members on a
    支委 (`committee_post`: 书记 and 班子成员), HOURS_MEMBER for the others, by the rule of the member's branch.
    One query, `hours` two subqueries per member: fine for the rows shown; to select by hours over a large
    subtree use `below_target`, which sums the subtree's attendance at once.
    """
    meetings, activities = _attended(user, year, member=OuterRef("pk"))
    meetings = meetings.order_by().values("member").annotate(total=Sum("meeting__hours")).values("total")
    activities = activities.order_by().values("member").annotate(total=Sum("activity__hours")).values("total")
    zero = Value(Decimal(0), output_field=DecimalField())
    book = book or RuleBook(org)
    leader = ~Q(committee_post="")
    return (visible_to(user, Member).filter(is_active=True, **_subtree("org__path", org.path))
            .annotate(hours=Coalesce(Subquery(meetings), zero) + Coalesce(Subquery(activities), zero),
                      is_leader=ExpressionWrapper(leader, output_field=BooleanField()),
                      target=Case(When(leader, then=_target(book, org, Requirement.Subject.HOURS_LEADER)),
                                  default=_target(book, org, Requirement.Subject.HOURS_MEMBER),
                                  output_field=DecimalField())))


def below_target(user, org: Org, year: int, book: RuleBook | None = None) -> QuerySet:
    """`study_hours` narrowed to the members below their target, the narrowing set-based: the subtree's attendance
    summed per member in one pass over each attendance table and joined to the members with their targets.
    Filtering on the `hours` annotation instead runs its two subqueries for every member of the subtree (minutes at
    the root of a 500,000-member region, docs/benchmarks.md). Built from the same `visible_to` querysets as
    `study_hours`, compiled with their parameters, so the rule is the same. Still one query."""
    members = study_hours(user, org, year, book)
    meetings, activities = _attended(user, year, **_subtree("member__org__path", org.path))
    per_member = [rows.order_by().values("member_id").annotate(who=F("member_id"), total=Sum(hours))
                  .values("who", "total")
                  for rows, hours in ((meetings, "meeting__hours"), (activities, "activity__hours"))]
    summed = per_member[0].union(per_member[1], all=True)
    members_sql, members_params = (members.order_by().annotate(who=F("pk")).values_list("who", "target")
                                   .query.sql_with_params())
    summed_sql, summed_params = summed.query.sql_with_params()
    below = RawSQL(f"SELECT m.who FROM ({members_sql}) m LEFT JOIN (SELECT s.who, SUM(s.total) AS total "  # noqa: S608
                   f"FROM ({summed_sql}) s GROUP BY s.who) t ON t.who = m.who "
                   "WHERE COALESCE(t.total, 0) < m.target", (*members_params, *summed_params))
    return members.filter(pk__in=below)


@dataclass
class OrgLifeFigures:
    """组织生活 on a dashboard: of the branches of a subtree, how many were green (达标) in the last month that ended
    and how many have a month that ended red in its year; of the members, how many have reached their 学时 target
    of today's year so far."""

    year: int  # the year of `month`
    month: int  # the last month that ended
    branches: int
    green: int
    with_missing: int
    members: int
    hours_met: int

    @property
    def green_rate(self) -> float | None:
        return self.green / self.branches if self.branches else None

    @property
    def hours_rate(self) -> float | None:
        return self.hours_met / self.members if self.members else None


def orglife_figures(user, org: Org, today: datetime.date | None = None) -> OrgLifeFigures:
    """The compliance grid of the last month that ended and the 学时 of this year, reduced to five numbers.
    Eight queries: the grid's six (the rules read once for both), the members counted and those below target."""
    today = today or timezone.localdate()
    last = today.replace(day=1) - datetime.timedelta(days=1)
    book = RuleBook(org)
    grid = meeting_compliance(user, org, last.year, today, book)
    members = study_hours(user, org, today.year, book).count()
    below = below_target(user, org, today.year, book).count()
    return OrgLifeFigures(year=last.year, month=last.month, branches=len(grid.rows),
                          green=grid.compliant_in(last.month), with_missing=len(grid.rows) - grid.compliant,
                          members=members, hours_met=members - below)
