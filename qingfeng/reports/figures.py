"""The one place a campaign's figures are computed: pages, exports and the API call it.

Each figure is defined in docs/figures.md. The campaign's figures read the counts kept per org with every change
(orgs.tallies; each app declares what it counts in its `counts` module): a subtree's figures are its org's rolled
rows, the ranking its children's, so a dashboard costs the same few queries at a branch or at the root of a region
of a million members, current to the last commit. Who sees what follows `visible_to`: the kept counts of the
subtrees the user's roles cover (a confidential problem and its rectifications only where her roles cover those,
`coverage`), plus what she sees beyond her roles (`beyond_roles`: her own records), counted from those records.
Lists (the members of a branch, the longest overdue) read the records, within the subtree shown; the
organization-life grid reads those of a page of branches, its totals the kept counts (`compliance_summary`).
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

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
from django.db.models.functions import Coalesce
from django.utils import timezone

from qingfeng.campaigns.counts import every_scope, scope
from qingfeng.campaigns.models import Campaign, ChecklistItem
from qingfeng.core.permissions import anywhere, beyond_roles, coverage, grants, owned_by, visible_to
from qingfeng.inspection import counts as inspection_counts
from qingfeng.ledger import counts as ledger_counts
from qingfeng.ledger.models import Problem, Rectification
from qingfeng.orglife import counts as orglife_counts
from qingfeng.orglife.compliance import Cell, MonthCompliance, held_counts, judge, year_bounds
from qingfeng.orglife.models import Evaluation, Meeting, MeetingAttendance, Requirement, Talk
from qingfeng.orglife.rules import RuleBook
from qingfeng.orgs import tallies
from qingfeng.orgs.models import Member, Org, Tally
from qingfeng.study import counts as study_counts
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


# --- Reading the counts kept per org (orgs.tallies) ---

CAMPAIGN_FAMILIES = ("activities", "participants", "reflections", "inspections", "commitments", "problems",
                     "rectifications")
STATUSES = tuple(Rectification.Status.values)
# A ranking of sub-orgs: these, and problems and rectifications summed from `ranked` (ledger.counts.ranked_reads)
RANKED_FAMILIES = ("participants", "reflections", "inspections", "commitments")


def _parts(path: str, prefixes: tuple[str, ...]) -> list[str]:
    """The subtrees of the one at `path` that `prefixes` cover: itself, or those of its descendants they name."""
    if any(path.startswith(p) for p in prefixes):
        return [path]
    return [p for p in prefixes if p.startswith(path)]


def _extra_rows(campaign: Campaign, user, path: str):
    """(family, (org, secret, key, n)) of what the user sees in the subtree at `path` beyond her roles (her own
    records, those she reads as 责任领导 or attendee): counted from the records, a few of them. No query when her
    roles cover everything there."""
    problems = beyond_roles(user, Problem, path)
    if problems is not None:
        yield from (("problems", row) for row in ledger_counts.problem_rows(problems.filter(campaign=campaign)))
    rectifications = beyond_roles(user, Rectification, path)
    if rectifications is not None:
        yield from (("rectifications", row) for row in ledger_counts.rectification_rows(
            rectifications.filter(problem__campaign=campaign)))
    activities = beyond_roles(user, StudyActivity, path)
    if activities is not None:
        yield from (("activities", row) for row in study_counts.activity_rows(activities.filter(campaign=campaign)))
    members = beyond_roles(user, Member, path)
    if members is not None:
        members = members.filter(is_active=True)
        yield from (("members", (org, False, "", n)) for org, n in
                    members.order_by().values_list("org_id").annotate(n=Count("pk")))
        yield from study_counts.STEPS.rows(campaign.pk, members)
        yield from inspection_counts.STEPS.rows(campaign.pk, members)


def counts(campaign: Campaign, user, orgs: list[Org], within: Org,
           ranking: datetime.date | None = None) -> dict[int, dict[tuple[str, str], int]]:
    """Per org of `orgs` (the org shown, or its children; all inside `within`): {(family, key): n} of the campaign's
    records of its subtree the user may see, by the same rule as `visible_to`: the kept counts of the subtrees her
    roles cover (confidential records only where her roles cover those), plus what she sees beyond her roles.
    Two queries (one more per kind of record she sees beyond her roles). `ranking` (today): only what a ranking
    reads, summed by the database from the family `ranked` (`ledger.counts.ranked_reads`)."""
    cover = coverage(user, Problem)
    # her roles cover the confidential records wherever the others (discipline): one sum of both kinds
    summed = bool(cover.secret) and set(cover.secret) == set(cover.plain)
    wanted: dict[int, list[tuple[str, bool]]] = {}  # target org -> (path of a covered subtree, secret)
    for org in orgs:
        wanted[org.pk] = ([(p, False) for p in _parts(org.path, cover.plain)]
                          + ([] if summed else [(p, True) for p in _parts(org.path, cover.secret)]))
    paths = {p for parts in wanted.values() for p, _ in parts}
    by_path = {org.path: org.pk for org in orgs}
    missing = paths - by_path.keys()
    if missing:
        by_path.update(tallies.org_ids(missing))
    rows: dict[tuple[int, bool], list] = {}
    ids = {by_path[p] for p in paths if p in by_path}
    # without a confidential part, only the rows of other records: the index bounds the read by `secret` too
    plain_only = None if summed or any(secret for parts in wanted.values() for _, secret in parts) else False
    members = tallies.read("", ids, ("members",))
    if ranking:
        kept = tallies.read(scope(campaign.pk), ids, RANKED_FAMILIES, secret=plain_only).union(
            *ledger_counts.ranked_reads(scope(campaign.pk), ids, ranking, plain_only, summed), members, all=True)
    else:
        kept = tallies.read(scope(campaign.pk), ids, CAMPAIGN_FAMILIES, secret=plain_only).union(members, all=True)
    for org_id, family, secret, key, n in kept:
        rows.setdefault((org_id, secret and not summed), []).append((family, key, n))
    result: dict[int, dict] = {}
    for target, parts in wanted.items():
        found = [row for p, secret in parts for row in rows.get((by_path.get(p), secret), ())]
        if ranking:
            result[target] = ledger_counts.ranked_totals(found)
            continue
        totals: dict[tuple[str, str], int] = {}
        for family, key, n in found:
            totals[(family, key)] = totals.get((family, key), 0) + n
        result[target] = totals
    extra = list(_extra_rows(campaign, user, within.path))  # full keys: `_figures` reads both kinds
    if extra:
        where = tallies.org_paths({row[0] for _, row in extra})
        for family, (org_id, _secret, key, n) in extra:
            for org in orgs:
                if where.get(org_id, "").startswith(org.path):
                    totals = result[org.pk]
                    totals[(family, key)] = totals.get((family, key), 0) + n
    return result


def _items(item_ids) -> dict[int, tuple]:
    """Checklist item id -> (category order, category title, item code, item text)."""
    return {pk: rest for pk, *rest in ChecklistItem.objects.filter(pk__in=set(item_ids)).values_list(
        "pk", "category__order", "category__title", "code", "text")} if item_ids else {}


def _figures(org: Org, today: datetime.date, totals: dict, dimensions: list[str] | None = None,
             detail: bool = True) -> Figures:
    f = Figures(org=org, as_of=today)
    f.members = totals.get(("members", ""), 0)
    f.participants = totals.get(("participants", ""), 0)
    f.reflections_submitted = totals.get(("reflections", "submitted"), 0)
    f.reflections_accepted = totals.get(("reflections", "accepted"), 0)
    f.inspections_submitted = totals.get(("inspections", "submitted"), 0)
    f.commitments_signed = totals.get(("commitments", "signed"), 0)
    by_status = dict.fromkeys(STATUSES, 0)
    problems = []
    day, accepted = today.isoformat(), Rectification.Status.ACCEPTED.value  # asked once: a root ranks hundreds
    for (family, key), n in totals.items():
        if family == "problems":  # each problem in three rows: by source, by checklist item, by dimension
            kind, value = ledger_counts.problem_marginal(key)
            problems.append((kind, value, n))
            f.problems += n if kind == "source" else 0
        elif family == "rectifications":
            status, due, *rest = key.split("|")
            by_status[status] = by_status.get(status, 0) + n
            f.rectifications += n
            if status == accepted:
                f.rectifications_on_time += n if rest and rest[0] == "1" else 0
            elif due < day:
                f.rectifications_overdue += n
    f.rectifications_by_status = by_status
    if detail:
        f.study_activities = totals.get(("activities", ""), 0)
        by_source = dict.fromkeys(Problem.Source.values, 0)
        by_dimension = dict.fromkeys(dimensions or (), 0)
        by_category: dict[tuple, int] = {}
        items = _items({value for kind, value, _ in problems if kind == "item" and value})
        for kind, value, n in problems:
            if kind == "source":
                by_source[value] = by_source.get(value, 0) + n
            elif kind == "dimension":
                dimension = value or NO_DIMENSION
                by_dimension[dimension] = by_dimension.get(dimension, 0) + n
            else:
                key = (0, *items[value][:2]) if value in items else (1, 0, OTHER_CATEGORY)
                by_category[key] = by_category.get(key, 0) + n
        f.problems_by_source = by_source
        f.problems_by_category = {key[2]: n for key, n in sorted(by_category.items())}
        f.problems_by_dimension = by_dimension
    return f


def campaign_figures(campaign: Campaign, user, org: Org | None = None,
                     today: datetime.date | None = None) -> Figures:
    """Every figure of `campaign` that `user` may see, within `org`'s subtree (default: the campaign's org)."""
    org = org or campaign.org
    today = today or timezone.localdate()
    totals = counts(campaign, user, [org], org)[org.pk]
    return _figures(org, today, totals, campaign.get_dimensions())


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
    """The core figures per direct sub-org of `org`, in path order: each child's kept counts (`counts`).

    Records held by `org` itself belong to no sub-org and are left out here (they are in `campaign_figures`).
    Problems by category/dimension/source and study activities are not split per sub-org.
    """
    org = org or campaign.org
    today = today or timezone.localdate()
    children = list(sub_orgs(user, org))
    if not children:
        return []
    totals = counts(campaign, user, children, org, ranking=today)
    return [_figures(child, today, totals[child.pk], detail=False) for child in children]


def ranked(figures: list[Figures]) -> list[Figures]:
    """Highest rectification completion first; sub-orgs with nothing to rectify last."""
    return sorted(figures, key=lambda f: (f.completion_rate is None, -(f.completion_rate or 0), f.org.path))


@dataclass
class ToReview:
    """What waits for a reviewer (我的), in every campaign: the records she may review (`visible_to(…, "review")`)."""

    reflections: int  # 心得体会 待审阅
    rectifications: int  # 整改 待验收
    overdue: int  # 整改 逾期未销号 (not accepted, due before today)


def to_review(user, today: datetime.date | None = None) -> ToReview:
    """`ToReview` of `user`, by the same rule as `visible_to(user, …, "review")`: the kept counts (rolled rows) of
    the subtrees where her roles allow reviewing (confidential rectifications only where her roles cover those,
    `coverage`), less her own records in them, which nobody reviews (`not_on_own`). One query of the counts of
    every campaign at the orgs her roles start at, whatever the subtree or the database, and one of her own
    records per kind."""
    today = today or timezone.localdate()
    reflections = coverage(user, Reflection, "review").plain
    cover = coverage(user, Rectification, "review")
    if not reflections and not cover.plain and not cover.secret:
        return ToReview(0, 0, 0)
    ids = tallies.top_ids({*reflections, *cover.plain, *cover.secret})
    plain, secret, reviewed = ([pk for p in prefixes for pk in ids.get(p, ())]
                               for prefixes in (cover.plain, cover.secret, reflections))
    submitted = Q(key__gte=f"{Rectification.Status.SUBMITTED}|", key__lt=f"{Rectification.Status.SUBMITTED}|~")
    overdue = Q(key__in=[])
    for status in ledger_counts.OPEN:  # an open item's key is "<status>|<due date>": due before today sorts first
        overdue |= Q(key__gte=f"{status}|", key__lt=f"{status}|{today.isoformat()}")
    kept = Tally.objects.filter(rolled=True, scope__in=every_scope()).filter(
        Q(family="to_review", org_id__in=reviewed, secret=False)
        | Q(family="rectifications", org_id__in=plain, secret=False) & (submitted | overdue)
        | Q(family="rectifications", org_id__in=secret, secret=True) & (submitted | overdue),
    ).aggregate(reflections=Sum("n", filter=Q(family="to_review")),
                rectifications=Sum("n", filter=Q(family="rectifications") & submitted),
                overdue=Sum("n", filter=Q(family="rectifications") & overdue))
    result = ToReview(kept["reflections"] or 0, kept["rectifications"] or 0, kept["overdue"] or 0)
    if not grants(user).own_paths:  # no member record: nothing of hers to take away (no query)
        return result
    # her own, which the kept counts hold and she may not review: a few records
    for path in owned_by(user, Reflection).filter(status=Reflection.Status.SUBMITTED).values_list("org__path",
                                                                                                 flat=True):
        result.reflections -= any(path.startswith(p) for p in reflections)
    own = owned_by(user, Rectification).exclude(status=Rectification.Status.ACCEPTED)
    for path, source, status, due in own.values_list("org__path", "problem__source", "status", "due_date"):
        if any(path.startswith(p) for p in (cover.secret if source in Problem.CONFIDENTIAL_SOURCES else cover.plain)):
            result.rectifications -= status == Rectification.Status.SUBMITTED
            result.overdue -= due < today
    return result


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
    # A member's steps count wherever she took them (an activity held above her branch too), as in the kept counts.
    steps = {**study_counts.STEPS.flags(campaign.pk, OuterRef("pk")),
             **inspection_counts.STEPS.flags(campaign.pk, OuterRef("pk"))}
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
                      today: datetime.date | None = None, totals: dict | None = None) -> list[tuple]:
    """(Monday, rectifications accepted that week) from the campaign's first week up to today's week.

    Weeks run Monday to Sunday in TIME_ZONE; a week with none shows 0. Only rectifications
    currently accepted count (one reopened by 回头看 no longer does). `totals`: `counts` already read.
    """
    org = org or campaign.org
    today = today or timezone.localdate()
    this_monday = today - datetime.timedelta(days=today.weekday())
    start = campaign_start(campaign)
    first = min(start - datetime.timedelta(days=start.weekday()), this_monday)
    weeks = (this_monday - first).days // 7 + 1
    if totals is None:
        totals = counts(campaign, user, [org], org)[org.pk]
    per_week: dict[str, int] = {}
    for (family, key), n in totals.items():
        if family == "rectifications" and key.startswith(f"{Rectification.Status.ACCEPTED}|"):
            week = key.split("|")[1]
            per_week[week] = per_week.get(week, 0) + n
    return [(monday, per_week.get(monday.isoformat(), 0))
            for monday in (first + datetime.timedelta(weeks=i) for i in range(weeks))]


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
    per_item: dict[int, int] = {}
    for (family, key), n in counts(campaign, user, [org], org)[org.pk].items():
        if family == "problems":
            kind, item = ledger_counts.problem_marginal(key)
            if kind == "item" and item:
                per_item[item] = per_item.get(item, 0) + n
    items = _items(per_item)
    rows = sorted(((items[i][2], items[i][3], n) for i, n in per_item.items() if i in items),
                  key=lambda row: (-row[2], row[0]))
    return rows[:limit]


# --- 组织生活: compliance of each branch and 学时 of each member (docs/figures.md, "Organization life") ---

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


def _branch_of(path: str, branches: dict[str, Org]) -> str | None:
    """The branch of `branches` whose subtree holds the org at `path` (branches never nest)."""
    for end in range(Org.steplen, len(path) + 1, Org.steplen):
        if path[:end] in branches:
            return path[:end]
    return None


def _within(lookup: str, branches) -> Q:
    """The org path at `lookup` lies in the subtree of one of `branches` (a page of them)."""
    condition = Q(pk__in=[])
    for branch in branches:
        condition |= Q(**_subtree(lookup, branch.path))
    return condition


def compliance_branches(user, org: Org) -> QuerySet:
    """The active branches of `org`'s subtree the user may see, in path order: the rows of the 组织生活合规 grid,
    which the page takes a page at a time."""
    return visible_to(user, Org).filter(**_subtree("path", org.path), is_active=True,
                                        kind=Org.Kind.BRANCH).order_by("path")


def meeting_compliance(user, org: Org, year: int, today: datetime.date | None = None,
                       book: RuleBook | None = None, branches: list[Org] | None = None) -> Compliance:
    """Which required kinds of meeting each branch of `org`'s subtree missed in each month of `year`.

    A meeting counts when held (已召开) and not flagged below quorum, in the month its start falls in
    (Asia/Shanghai). A rule's period decides where it is judged: a monthly kind in every month, a quarterly
    kind in the quarter's last month (held in any month of the quarter), a yearly kind in December. Each
    group (党小组) of a branch needs its own 党小组会: one held in the branch counts for each of the branch's
    groups an invitee belongs to.
    民主评议党员 counts for the year it evaluates once its results are decided (已确定结果), in December.
    A branch with a founding date (`Org.founded_on`) is judged only on periods that began on or after it: the
    months before are 未成立, and a quarter or year already running when it was founded asks nothing of it.
    Six queries whatever the size of the subtree or of the database: the branches, their groups, the rules,
    two aggregates of meetings grouped by org, kind (or group) and month, and the decided evaluations. The
    judging is orglife.compliance's, which the counts the dashboard reads (orglife.counts) share.
    `branches` (a page of `compliance_branches`): only those rows, reading only their subtrees' records.
    """
    today = today or timezone.localdate()
    current = (today.year, today.month)
    orgs = visible_to(user, Org).filter(**_subtree("path", org.path), is_active=True)
    page = None if branches is None else _within("path", branches)
    if branches is None:
        branches = {b.path: b for b in orgs.filter(kind=Org.Kind.BRANCH).order_by("path")}
    else:
        branches = {b.path: b for b in branches}
        orgs = orgs.filter(page)
    if not branches:
        return Compliance(org=org, year=year, as_of=today, rows=[])
    groups: dict[str, list[Org]] = {}
    for group in orgs.filter(kind=Org.Kind.GROUP).order_by("path"):
        branch = _branch_of(group.path, branches)
        if branch:
            groups.setdefault(branch, []).append(group)
    book = book or RuleBook(org)

    group_branch = {g.pk: path for path, members in groups.items() for g in members}
    meetings = visible_to(user, Meeting).filter(**_subtree("org__path", org.path))
    evaluations = visible_to(user, Evaluation).filter(**_subtree("org__path", org.path))
    if page is not None:  # by the ids of the page's subtrees: the index (org, starts_at) then reads each org's year
        inside = list(visible_to(user, Org).filter(page).values_list("pk", flat=True))
        meetings, evaluations = (records.filter(org_id__in=inside) for records in (meetings, evaluations))
    counts = held_counts(meetings, evaluations, year, lambda path: _branch_of(path, branches), group_branch)
    rows = [BranchCompliance(branch, judge(path, branch.founded_on, book.effective(path), groups.get(path, []),
                                           counts, year, current))
            for path, branch in branches.items()]
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


def talk_coverage(user, org: Org, year: int, today: datetime.date | None = None,
                  branches: list[Org] | None = None) -> dict[str, TalkCoverage]:
    """Per branch path of `org`'s subtree: the 支委 × member pairs that talked in `year` (any kind of talk, either
    way round), against all such pairs of the branch's active members. Judged at the year's end like a yearly
    meeting: before it, an incomplete branch is 进行中. Four queries whatever the subtree: the branches, the members
    counted per org, the 支委 and the distinct pairs that talked. `branches` (a page of `compliance_branches`): only
    those, reading only their subtrees' records (three queries).
    """
    today = today or timezone.localdate()
    page = None if branches is None else _within("org__path", branches)
    if branches is None:
        branches = {b.path: b for b in compliance_branches(user, org)}
    else:
        branches = {b.path: b for b in branches}
    if not branches:
        return {}
    members = visible_to(user, Member).filter(**_subtree("org__path", org.path), is_active=True).order_by()
    if page is not None:
        members = members.filter(page)
    size: dict[str, int] = {}
    for path, n in members.values_list("org__path").annotate(n=Count("pk")):
        branch = _branch_of(path, branches)
        size[branch] = size.get(branch, 0) + n
    committee = {member_id: _branch_of(path, branches)  # 支委 member id -> branch path
                 for member_id, path in members.exclude(committee_post="").values_list("pk", "org__path")}
    talks = visible_to(user, Talk)
    if page is not None:  # a pair counts for a 支委 of the page's branches: her talks, by either side's index
        talks = talks.filter(Q(talker_id__in=list(committee)) | Q(talkee_id__in=list(committee)))
    talked = (talks.filter(**_subtree("org__path", org.path), date__year=year,
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
    start, end = year_bounds(year)
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


def below_target(user, org: Org, year: int, book: RuleBook | None = None,
                 org_ids: list[int] | None = None) -> QuerySet:
    """`study_hours` narrowed to the members below their target, the narrowing set-based: the subtree's attendance
    summed per member in one pass over each attendance table and joined to the members with their targets.
    Filtering on the `hours` annotation instead runs its two subqueries for every member of the subtree (minutes at
    the root of a 500,000-member region, docs/benchmarks.md). Built from the same `visible_to` querysets as
    `study_hours`, compiled with their parameters, so the rule is the same. Still one query. `org_ids`: only the
    members of those orgs (inside `org`'s subtree), reading only their attendance."""
    members = study_hours(user, org, year, book)
    where = _subtree("member__org__path", org.path)
    if org_ids is not None:
        members = members.filter(org_id__in=org_ids)
        where["member__org_id__in"] = org_ids
    meetings, activities = _attended(user, year, **where)
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
class ComplianceSummary:
    """What the 组织生活合规 page says of a whole subtree and year, read from the counts kept per org
    (orglife.counts): its branches and those with no month that ended red so far (全年无缺项), its members and those
    below their 学时 target. None where the kept counts do not say (see `compliance_summary`)."""

    branches: int
    compliant: int | None
    members: int
    below: int | None


def compliance_summary(org: Org, year: int, today: datetime.date | None = None) -> ComplianceSummary:
    """`ComplianceSummary` of `org`'s subtree in `year`, from its rolled rows (one query; two more aggregates of the
    meetings for a past year), whatever the subtree. The page's viewer has a role covering `org` (`figures_org`),
    so its whole subtree is hers to count, as on the dashboard. The counts hold every year from the first meeting
    or study activity to the last, and this year (orglife.counts); of another year, a past year before any meeting
    or evaluation says nothing (`compliant` None: the page judges the grid's every branch instead), nor do the 学时
    of a year without attendance where some target is 0 (`below` None)."""
    today = today or timezone.localdate()
    rows = tallies.read(orglife_counts.scope(year), [org.pk], ("compliance", "hours")).union(
        tallies.read("", [org.pk], ("branches", "members")), all=True)
    totals: dict[tuple[str, str], int] = {}
    for _org, family, _secret, key, n in rows:
        totals[(family, key)] = totals.get((family, key), 0) + n
    branches, members = totals.get(("branches", ""), 0), totals.get(("members", ""), 0)
    ended = 12 if year < today.year else today.month - 1 if year == today.year else 0  # months ended
    compliant = None
    if ended == 0:
        compliant = branches  # no month has ended: none is red
    elif year == today.year or year in orglife_counts.compliance_years():
        compliant = sum(n for (family, key), n in totals.items()
                        if family == "compliance" and key.startswith("clean:") and int(key[6:]) >= ended)
    below = None
    if year == today.year or year in orglife_counts.hours_years():
        below = members - totals.get(("hours", "met"), 0)
    elif not orglife_counts.zero_hours_rule():
        below = members  # nothing attended that year, and every target is above 0
    return ComplianceSummary(branches=branches, compliant=compliant, members=members, below=below)


class BelowTargetPages:
    """The members below their 学时 target in `org`'s subtree, in the page's order (branch path, name), as a
    sequence a table pages through: its length from the kept counts (`ComplianceSummary.below`), each page read
    from the orgs that hold it alone. Which orgs those are, the kept counts say (active members less those who met
    their target: `orglife.counts.below_target_orgs`, down the tree by the children's rolled rows, then along the
    orgs' own rows); their members are then summed by `below_target(org_ids=…)`, one query. So a page costs the
    same at a branch or at the root of a region.
    A table takes it wrapped in `TableListData` (given a sequence, django-tables2 would make a list of it)."""

    def __init__(self, user, org: Org, year: int, total: int, book: RuleBook | None = None):
        self.user, self.org, self.year, self.total, self.book = user, org, year, total, book

    def __len__(self) -> int:
        return self.total

    def count(self) -> int:
        return self.total

    def __iter__(self):  # the whole list, the members of every org: for tests, never for a page
        return iter(self[0:self.total])

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key:key + 1][0]
        start, stop, _ = key.indices(self.total)
        if start >= stop:
            return []
        orgs, skip = orglife_counts.below_target_orgs(self.org, self.year, start, stop)
        if not orgs:
            return []
        rows = (below_target(self.user, self.org, self.year, self.book, org_ids=orgs).select_related("org")
                .order_by("org__path", "name_pinyin", "pk"))
        return list(rows[skip:skip + stop - start])


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
    """The compliance grid of the last month that ended and the 学时 of this year, reduced to five numbers, read
    from the counts kept per org (orglife.counts): `org`'s rolled rows, one query whatever the subtree. The
    dashboard's viewer has a role covering `org`, so its whole subtree is hers to count."""
    today = today or timezone.localdate()
    last = today.replace(day=1) - datetime.timedelta(days=1)
    rows = tallies.read(orglife_counts.scope(last.year), [org.pk], ("compliance",)).union(
        tallies.read("", [org.pk], ("branches", "members")),
        tallies.read(orglife_counts.scope(today.year), [org.pk], ("hours",)), all=True)
    totals: dict[tuple[str, str], int] = {}
    for _org, family, _secret, key, n in rows:
        totals[(family, key)] = totals.get((family, key), 0) + n
    branches = totals.get(("branches", ""), 0)
    # a branch has a red month among the months of the year that ended (all twelve for a past year) unless its
    # leading clean months reach the last of them
    clean = sum(n for (family, key), n in totals.items()
                if family == "compliance" and key.startswith("clean:") and int(key[6:]) >= last.month)
    members = totals.get(("members", ""), 0)
    return OrgLifeFigures(year=last.year, month=last.month, branches=branches,
                          green=totals.get(("compliance", f"ok:{last.month}"), 0), with_missing=branches - clean,
                          members=members, hours_met=totals.get(("hours", "met"), 0))


@dataclass
class Dashboard:
    figures: Figures
    ranking: list[Figures]  # direct sub-orgs, ranked
    weeks: list[tuple]  # (Monday, accepted that week)
    overdue: list[Rectification]  # longest overdue first, each with days_overdue
    orglife: OrgLifeFigures


def dashboard(campaign: Campaign, user, org: Org, today: datetime.date | None = None) -> Dashboard:
    """What the dashboard (and its API) shows `user` of `campaign` within `org`, current to the last commit."""
    today = today or timezone.localdate()
    totals = counts(campaign, user, [org], org)[org.pk]
    return Dashboard(
        figures=_figures(org, today, totals, campaign.get_dimensions()),
        ranking=ranked(sub_org_figures(campaign, user, org, today)),
        weeks=accepted_per_week(campaign, user, org, today, totals),
        overdue=overdue_list(campaign, user, org, today),
        orglife=orglife_figures(user, org, today),
    )
