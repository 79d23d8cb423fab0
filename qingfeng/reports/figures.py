"""The one place a campaign's figures are computed: pages, exports and the API call it.

Each figure is defined in docs/figures.md. Every queryset starts from `visible_to`, so a
confidential problem (and its rectifications) counts only for those who may see it; narrowing
to one org's subtree is for display only. Costs do not grow with the data: a few aggregate
queries per call, and the per-sub-org figures GROUP BY the children's path prefix. Each query
reads only the subtree's records (the member figures look them up by the subtree's members), so
a branch costs the same in a campaign or a database of any size (bench/dashboard_scale.py).
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Substr, TruncWeek
from django.utils import timezone

from qingfeng.campaigns.models import Campaign
from qingfeng.core.permissions import anywhere, visible_to
from qingfeng.inspection.models import Commitment, SelfInspection
from qingfeng.ledger.models import Problem, Rectification
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
