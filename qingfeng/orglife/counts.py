"""The figures of 组织生活 kept per org (orgs.tallies), which the dashboard reads (reports.figures.orglife_figures):

- `branches` (scope ""): each active branch counts 1 at itself.
- `compliance` (scope "y:<year>"), at each active branch: "ok:<m>" = 1 for each month m of the year that is 达标 once
  ended, and "clean:<k>" = 1 where k ≥ 1 is the number of leading months of the year none of which is red once ended
  (未成立 months are not red). A subtree's green branches in month m are the sum of "ok:m"; its branches with a red
  month among the first E of the year are its branches less the sum of "clean:k" for k ≥ E. Judged by
  `compliance.judge`, the grid's own code.
- `hours` (scope "y:<year>"), at each org: "met" = its active members whose 学时 of the year reached their target.

A year's rows exist once something of that year was touched; `open_year` (a daily job, reports.tasks) touches every
branch and org at the start of a year, and `tallies.repair` covers every year with meetings and the current one.
"""

import datetime

from django.db.models import Max, Min, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from qingfeng.orgs import tallies
from qingfeng.orgs.models import Member, Org, Tally
from qingfeng.study.models import Attendance, StudyActivity

from .compliance import Cell, ended, held_counts, judge, year_bounds
from .models import Evaluation, Meeting, MeetingAttendance, Requirement
from .rules import GRID_SUBJECTS, HOURS_SUBJECTS, Rule, RuleBook

FAMILIES = ("branches", "compliance", "hours")
BRANCH, GROUP = Org.Kind.BRANCH, Org.Kind.GROUP
HELD = Meeting.Status.HELD
PRESENT = MeetingAttendance.Status.PRESENT
FEW = 200  # up to this many branches, their sub-orgs are found by path; beyond, by one pass over the groups


def scope(year: int) -> str:
    return f"y:{year}"


def _year(scope_: str) -> int:
    return int(scope_[2:])


def _local_year(moment: datetime.datetime | None) -> int | None:
    return timezone.localtime(moment).year if moment else None


def _span(*bounds) -> set[int]:
    years = {timezone.localdate().year}
    for low, high in bounds:
        if low is not None and high is not None:
            years |= set(range(low, high + 1))
    return years


def compliance_years() -> set[int]:
    """Every year from the first meeting to the last, the years of decided evaluations, and the current year."""
    meetings = Meeting.objects.aggregate(low=Min("starts_at"), high=Max("starts_at"))
    evaluations = Evaluation.objects.aggregate(low=Min("year"), high=Max("year"))
    return _span((_local_year(meetings["low"]), _local_year(meetings["high"])),
                 (evaluations["low"], evaluations["high"]))


def hours_years() -> set[int]:
    """Every year from the first meeting or study activity to the last, and the current year."""
    meetings = Meeting.objects.aggregate(low=Min("starts_at"), high=Max("starts_at"))
    activities = StudyActivity.objects.aggregate(low=Min("date"), high=Max("date"))
    return _span((_local_year(meetings["low"]), _local_year(meetings["high"])),
                 (activities["low"].year if activities["low"] else None,
                  activities["high"].year if activities["high"] else None))


def _stored(family: str) -> set[int]:
    return {_year(s) for s in Tally.objects.filter(family=family).values_list("scope", flat=True).distinct()}


class _Book(RuleBook):
    """The rules set on the orgs at and above `paths` (every rule with None), read in one query."""

    def __init__(self, paths=None):
        rows = Requirement.objects.select_related("org")
        if paths is not None:
            step = Org.steplen
            rows = rows.filter(org__path__in={p[:i] for p in paths for i in range(step, len(p) + 1, step)})
        self.by_path: dict[str, dict[str, Rule]] = {}
        for row in rows:
            self.by_path.setdefault(row.org.path, {})[row.subject] = Rule(row.subject, row.period, row.minimum,
                                                                          row.org)
        self._effective = {}


# --- Counting from the records ---

def count_branches(scope_: str, org_ids):
    branches = Org.objects.filter(kind=BRANCH, is_active=True)
    if org_ids is not None:
        branches = branches.filter(pk__in=org_ids)
    return ((pk, False, "", 1) for pk in branches.values_list("pk", flat=True))


def _below(branches: dict[str, Org], everything: bool) -> list[Org]:
    """The orgs inside the branches' subtrees (their groups), the branches themselves left out."""
    if not everything and len(branches) <= FEW:
        condition = Q(pk__in=[])
        for path in branches:
            condition |= Q(path__startswith=path)
        candidates = Org.objects.filter(condition)
    else:
        candidates = Org.objects.filter(depth__gt=min(b.depth for b in branches.values()))
    step = Org.steplen
    return [o for o in candidates.only("pk", "path", "name", "kind", "is_active").order_by("path")
            if o.path not in branches and any(o.path[:i] in branches for i in range(step, len(o.path), step))]


def _branch_of(path: str, branches) -> str | None:
    for end in range(Org.steplen, len(path) + 1, Org.steplen):
        if path[:end] in branches:
            return path[:end]
    return None


def branch_months(year: int, org_ids) -> dict[int, list]:
    """Active branch id -> its twelve cells of `year`, each as it stands once its month has ended."""
    branches = Org.objects.filter(kind=BRANCH, is_active=True)
    if org_ids is not None:
        branches = branches.filter(pk__in=org_ids)
    branches = {b.path: b for b in branches.only("pk", "path", "depth", "founded_on")}
    if not branches:
        return {}
    below = _below(branches, org_ids is None)
    groups: dict[str, list[Org]] = {}
    for org in below:
        if org.kind == GROUP and org.is_active:
            groups.setdefault(_branch_of(org.path, branches), []).append(org)
    group_branch = {g.pk: path for path, members in groups.items() for g in members}
    meetings, evaluations = Meeting.objects.all(), Evaluation.objects.all()
    if org_ids is not None:
        ids = [b.pk for b in branches.values()] + [o.pk for o in below]
        meetings, evaluations = meetings.filter(org_id__in=ids), evaluations.filter(org_id__in=ids)
    of: dict[str, str | None] = {}  # a branch's meetings share their org's path: found once per path

    def branch_of(path: str) -> str | None:
        if path not in of:
            of[path] = _branch_of(path, branches)
        return of[path]

    counts = held_counts(meetings, evaluations, year, branch_of, group_branch)
    book = _Book(None if org_ids is None else list(branches))
    return {branch.pk: judge(path, branch.founded_on, book.effective(path), groups.get(path, []), counts, year,
                             ended(year))
            for path, branch in branches.items()}


def compliance_rows(months) -> list[tuple[str, int]]:
    """(key, 1) of one branch's cells: "ok:<m>" for each month 达标, "clean:<k>" for its k ≥ 1 leading months not
    red."""
    keys = [f"ok:{m.month}" for m in months if m.state == Cell.OK]
    clean = 0
    while clean < 12 and months[clean].state != Cell.MISSING:
        clean += 1
    if clean:
        keys.append(f"clean:{clean}")
    return [(key, 1) for key in keys]


def count_compliance(scope_: str, org_ids):
    for pk, months in branch_months(_year(scope_), org_ids).items():
        for key, n in compliance_rows(months):
            yield pk, False, key, n


def member_hours(year: int, members):
    """(member id, org id, 学时 of `year`, target) of a queryset of members (study_hours' rule: 出席 at a held
    meeting or at a study activity; the 书记和班子成员 target for a member with a 支委职务)."""
    rows = list(members.values_list("pk", "org_id", "org__path", "committee_post"))
    if not rows:
        return []
    start, end = year_bounds(year)
    total: dict[int, object] = {}
    ids = members.values("pk")
    for queryset, hours in (
            (MeetingAttendance.objects.filter(status=PRESENT, meeting__status=HELD, meeting__starts_at__gte=start,
                                              meeting__starts_at__lt=end, member__in=ids), "meeting__hours"),
            (Attendance.objects.filter(status=Attendance.Status.PRESENT, activity__date__year=year, member__in=ids),
             "activity__hours")):
        for member, n in queryset.order_by().values_list("member_id").annotate(n=Sum(hours)):
            total[member] = total.get(member, 0) + (n or 0)
    book = _Book({path for _, _, path, _ in rows})
    leader, member = Requirement.Subject.HOURS_LEADER, Requirement.Subject.HOURS_MEMBER
    return [(pk, org, total.get(pk, 0), book.effective(path)[leader if post else member].minimum)
            for pk, org, path, post in rows]


def count_hours(scope_: str, org_ids):
    members = Member.objects.filter(is_active=True)
    if org_ids is not None:
        members = members.filter(org_id__in=org_ids)
    met: dict[int, int] = {}
    for _pk, org, hours, target in member_hours(_year(scope_), members):
        if hours >= target:
            met[org] = met.get(org, 0) + 1
    return ((org, False, "met", n) for org, n in met.items())


def compliance_scopes():
    return [scope(y) for y in sorted(compliance_years())]


def hours_scopes():
    return [scope(y) for y in sorted(hours_years())]


# --- What a change touches ---

def _branch_ids(org_ids) -> dict[int, int | None]:
    """Each org's branch (itself, or the branch above it): two queries."""
    paths = dict(Org.objects.filter(pk__in=set(org_ids)).values_list("pk", "path"))
    step = Org.steplen
    prefixes = {p[:i] for p in paths.values() for i in range(step, len(p) + 1, step)}
    branches = dict(Org.objects.filter(path__in=prefixes, kind=BRANCH).values_list("path", "pk"))
    return {pk: next((branches[p[:i]] for i in range(step, len(p) + 1, step) if p[:i] in branches), None)
            for pk, p in paths.items()}


def _opened(year: int) -> list:
    """A record of a past year may bring years into those the counts hold (`compliance_years`: from the first
    meeting to the last): in each such year a tree has no row of yet, every active branch of it is counted, as
    `open_year` does for a new year (a branch founded later, or bound by no meeting, is not red there). Nothing for
    this year's records (no query): the current year is always held."""
    if year >= timezone.localdate().year:
        return []
    years = {scope(y) for y in compliance_years()}
    roots = dict(Org.objects.filter(depth=1).values_list("pk", "path"))
    opened = set(Tally.objects.filter(org_id__in=list(roots), rolled=True, family="compliance", scope__in=years)
                 .values_list("org_id", "scope").distinct())
    closed = [(root, y) for root in roots for y in sorted(years) if (root, y) not in opened]
    if not closed:
        return []
    branches: dict[int, list[int]] = {}
    for pk, path in Org.objects.filter(kind=BRANCH, is_active=True).values_list("pk", "path"):
        branches.setdefault(path[:Org.steplen], []).append(pk)
    return [("compliance", y, branch) for root, y in closed for branch in branches.get(roots[root], ())]


def _meeting_marks(meeting: Meeting):
    if meeting.status != HELD or meeting.starts_at is None:
        return []
    year = scope(_local_year(meeting.starts_at))
    marks = [("compliance", year, _branch_ids([meeting.org_id]).get(meeting.org_id)),
             *_opened(_local_year(meeting.starts_at))]
    if meeting.pk:
        present = MeetingAttendance.objects.filter(meeting_id=meeting.pk, status=PRESENT)
        marks += [("hours", year, org) for org in present.values_list("member__org_id", flat=True).distinct()]
    return marks


def _attendance_marks(row: MeetingAttendance):
    meeting = Meeting.objects.filter(pk=row.meeting_id).values_list("status", "starts_at", "kind", "org_id").first()
    if meeting is None or meeting[0] != HELD:
        return []
    year = scope(_local_year(meeting[1]))
    marks = [("hours", year, Member.objects.filter(pk=row.member_id).values_list("org_id", flat=True).first())]
    if meeting[2] == Meeting.Kind.GROUP:  # it counts for the groups of its invitees
        marks.append(("compliance", year, _branch_ids([meeting[3]]).get(meeting[3])))
    return marks


def _study_attendance_marks(row: Attendance):
    date = StudyActivity.objects.filter(pk=row.activity_id).values_list("date", flat=True).first()
    if date is None:
        return []
    return [("hours", scope(date.year), Member.objects.filter(pk=row.member_id).values_list("org_id", flat=True)
             .first())]


def _activity_marks(activity: StudyActivity):
    if not activity.pk or activity.date is None:
        return []
    return [("hours", scope(activity.date.year), org) for org in Attendance.objects.filter(
        activity_id=activity.pk, status=Attendance.Status.PRESENT).values_list("member__org_id", flat=True).distinct()]


def _evaluation_marks(evaluation: Evaluation):
    return [("compliance", scope(evaluation.year), _branch_ids([evaluation.org_id]).get(evaluation.org_id)),
            *(_opened(evaluation.year) if evaluation.year else [])]


def _requirement_marks(rule: Requirement):
    """A rule binds the whole subtree of its org, in every year: rare, so everything below is recounted."""
    org = Org.objects.filter(pk=rule.org_id).values_list("path", flat=True).first()
    if org is None:
        return []
    marks = []
    if rule.subject in GRID_SUBJECTS:
        branches = Org.objects.filter(path__startswith=org, kind=BRANCH).values_list("pk", flat=True)
        years = compliance_years() | _stored("compliance")
        marks += [("compliance", scope(y), b) for b in branches for y in years]
    if rule.subject in HOURS_SUBJECTS:
        orgs = (Member.objects.filter(org__path__startswith=org, is_active=True).order_by()
                .values_list("org_id", flat=True).distinct())
        years = hours_years() | _stored("hours")
        marks += [("hours", scope(y), o) for o in orgs for y in years]
    return marks


def _org_marks(org: Org):
    if org.kind == BRANCH:
        years = compliance_years() | _stored("compliance")
        return [("branches", "", org.pk)] + [("compliance", scope(y), org.pk) for y in years]
    if org.kind == GROUP and org.path:  # the branch above it needs its 党小组会 too
        parent = Org.objects.filter(path=org.path[:-Org.steplen]).values_list("pk", flat=True).first()
        years = compliance_years() | _stored("compliance")
        return [("compliance", scope(y), parent) for y in years]
    return []


def zero_hours_rule() -> bool:
    """Is some 学时 target 0 (then a member meets it without attending anything)?"""
    return Requirement.objects.filter(subject__in=HOURS_SUBJECTS, minimum__lte=0).exists()


def hours_scopes_of(member_ids: list[int]) -> set[str]:
    """The years whose 学时 rows members of `member_ids` count in: those they attended something in, the current
    year, and every year when some target is 0 (then a member counts without attending)."""
    if zero_hours_rule():
        return {scope(y) for y in hours_years() | _stored("hours")}
    years = {timezone.localdate().year}
    years |= set(MeetingAttendance.objects.filter(member_id__in=member_ids, status=PRESENT, meeting__status=HELD)
                 .annotate(y=ExtractYear("meeting__starts_at")).values_list("y", flat=True).distinct())
    years |= set(Attendance.objects.filter(member_id__in=member_ids, status=Attendance.Status.PRESENT)
                 .annotate(y=ExtractYear("activity__date")).values_list("y", flat=True).distinct())
    return {scope(y) for y in years}


def compliance_scopes_of(member_ids: list[int]) -> set[str]:
    """The years of the held 党小组会 members of `member_ids` were invited to (they count for the members'
    groups)."""
    return {scope(y) for y in MeetingAttendance.objects.filter(
        member_id__in=member_ids, meeting__status=HELD, meeting__kind=Meeting.Kind.GROUP)
        .annotate(y=ExtractYear("meeting__starts_at")).values_list("y", flat=True).distinct()}


def _member_marks(member: Member):
    marks = [("hours", s, member.org_id) for s in hours_scopes_of([member.pk])] if member.pk else []
    if member.pk:  # the 党小组会 she was invited to count for her group, at the branch that held them
        held = (MeetingAttendance.objects.filter(member_id=member.pk, meeting__status=HELD,
                                                 meeting__kind=Meeting.Kind.GROUP)
                .annotate(y=ExtractYear("meeting__starts_at")).values_list("meeting__org_id", "y").distinct())
        held = list(held)
        branches = _branch_ids({org for org, _ in held})
        marks += [("compliance", scope(y), branches.get(org)) for org, y in held]
    return marks


def moved_marks(org: Org, old_path: str) -> set:
    """What moving `org` (now at `org.path`) from `old_path` changes: the rules of its subtree come from other orgs
    above, and a group leaves one branch for another. To be touched after `tallies.moved` (Org.move_under): the
    rolled rows must have moved first."""
    step = Org.steplen
    inside = Org.objects.filter(path__startswith=org.path)
    branches = set(inside.filter(kind=BRANCH).values_list("pk", flat=True))
    branches |= set(Org.objects.filter(path__in=[old_path[:-step], org.path[:-step]], kind=BRANCH)
                    .values_list("pk", flat=True))
    orgs = set(Member.objects.filter(org__path__startswith=org.path, is_active=True).order_by()
               .values_list("org_id", flat=True).distinct())
    years = compliance_years() | _stored("compliance")
    marks = {("compliance", scope(y), b) for b in branches for y in years}
    years = hours_years() | _stored("hours")
    return marks | {("hours", scope(y), o) for o in orgs for y in years}


# --- Reading: which orgs hold a page of the members below 学时 ---

BATCH_ORGS = 200


def _below_per_org(rows) -> dict[int, int]:
    """Org id -> active members less those who met their target, of (org, family, secret, key, n) rows."""
    below: dict[int, int] = {}
    for org, family, _secret, key, n in rows:
        if family == "members" or key == "met":
            below[org] = below.get(org, 0) + (n if family == "members" else -n)
    return below


def below_target_orgs(root: Org, year: int, start: int, stop: int) -> tuple[list[int], int]:
    """The orgs of `root`'s subtree whose members below their 学时 target stand at positions [start, stop) of the
    list in (org path, name) order, and the position in the first of them where `start` falls: from the kept
    counts (`members` less `hours` "met"), never from the members. Down the tree by the children's rolled rows to
    the org holding `start` (its own members come before its children's), then along the orgs in path order by their
    own rows, a batch at a time, until the page is full: a few small queries per level, whatever the subtree."""
    node, offset = root, start
    while True:
        children = list(Org.objects.filter(path__startswith=node.path, depth=node.depth + 1).order_by("path")
                        .only("pk", "path", "depth"))
        ids = [node.pk] + [c.pk for c in children]
        below = _below_per_org(tallies.read(scope(year), ids, ("hours",)).union(tallies.read("", ids, ("members",)),
                                                                       all=True))
        own = below.get(node.pk, 0) - sum(below.get(c.pk, 0) for c in children)
        if offset < own:
            break
        offset -= own
        for child in children:
            if offset < below.get(child.pk, 0):
                node = child
                break
            offset -= below.get(child.pk, 0)
        else:
            return [], 0  # past the end of the list
    orgs, have, after = [node.pk], own - offset, node.path
    while have < stop - start:
        batch = list(Org.objects.filter(path__startswith=root.path, path__gt=after).order_by("path")
                     .values_list("pk", "path")[:BATCH_ORGS])
        if not batch:
            break
        after = batch[-1][1]
        ids = [pk for pk, _ in batch]
        own_rows = (Tally.objects.filter(org_id__in=ids, rolled=False, scope="", family="members")
                    .values_list("org_id", "family", "secret", "key", "n")
                    .union(Tally.objects.filter(org_id__in=ids, rolled=False, scope=scope(year), family="hours",
                                                key="met").values_list("org_id", "family", "secret", "key", "n"),
                           all=True))
        below = _below_per_org(own_rows)
        for pk in ids:
            if below.get(pk, 0) > 0 and have < stop - start:
                orgs.append(pk)
                have += below[pk]
    return orgs, offset


# --- A new year ---

def open_year(year: int | None = None) -> int:
    """Make the rows of `year` (default: this one) exist before anything of it happened, once: the months before
    a branch's founding count as not red from the first day. Touches every active branch and every org with active
    members when the year has no row yet. Returns the marks touched."""
    year = year or timezone.localdate().year
    marks = []
    if not Tally.objects.filter(family="compliance", scope=scope(year)).exists():
        marks += [("compliance", scope(year), pk) for pk in
                  Org.objects.filter(kind=BRANCH, is_active=True).values_list("pk", flat=True)]
    if not Tally.objects.filter(family="hours", scope=scope(year)).exists():
        marks += [("hours", scope(year), pk) for pk in Member.objects.filter(is_active=True).order_by()
                  .values_list("org_id", flat=True).distinct()]
    with tallies.batch():
        tallies.touch_many(marks)
    return len(marks)


def register() -> None:
    tallies.register_family("branches", count_branches, lambda: [""])
    tallies.on_moved(moved_marks)
    tallies.register_family("compliance", count_compliance, compliance_scopes)
    tallies.register_family("hours", count_hours, hours_scopes)
    tallies.on_members_changed(("hours",), hours_scopes_of)
    tallies.on_members_changed(("compliance",), compliance_scopes_of)
    tallies.watch(Org, ["kind", "is_active", "founded_on"], _org_marks)
    tallies.watch(Member, ["org_id", "is_active", "group_id", "committee_post"], _member_marks)
    tallies.watch(Meeting, ["org_id", "kind", "status", "starts_at", "quorum_met", "hours"], _meeting_marks)
    tallies.watch(MeetingAttendance, ["meeting_id", "member_id", "status"], _attendance_marks)
    tallies.watch(Evaluation, ["org_id", "year", "status"], _evaluation_marks)
    tallies.watch(Requirement, ["org_id", "subject", "period", "minimum"], _requirement_marks)
    tallies.watch(StudyActivity, ["date", "hours"], _activity_marks)
    tallies.watch(Attendance, ["activity_id", "member_id", "status"], _study_attendance_marks)
