"""The figures of 改 kept per org (orgs.tallies): problems by source, checklist item and dimension; rectifications
by status and, while not accepted, due date (so overdue is a sum of the due dates before today), and once accepted
by the week (Monday, Asia/Shanghai) of acceptance and whether by the due date. Problems from a confidential source
and their rectifications are kept apart (`secret`)."""

import datetime

from django.db.models import BooleanField, Case, CharField, Count, ExpressionWrapper, F, Q, Value, When
from django.db.models.functions import Concat, Right, StrIndex, Substr, TruncWeek
from django.utils import timezone

from qingfeng.campaigns.counts import campaign_of, campaign_scopes, scope
from qingfeng.orgs import tallies

from .models import Problem, Rectification

ACCEPTED = Rectification.Status.ACCEPTED
SECRET = Problem.CONFIDENTIAL_SOURCES


def problem_key(source: str, item_id: int | None, dimension: str) -> str:
    return f"{source}|{item_id or ''}|{dimension}"


def split_problem_key(key: str) -> tuple[str, int | None, str]:
    source, item, dimension = key.split("|", 2)
    return source, int(item) if item else None, dimension


def problem_rows(problems):
    """(org, secret, key, problems) of a queryset of problems."""
    rows = (problems.order_by().values_list("org_id", "source", "checklist_item_id", "dimension")
            .annotate(n=Count("pk")))
    return ((org, source in SECRET, problem_key(source, item, dimension), n)
            for org, source, item, dimension, n in rows)


def rectification_rows(rectifications):
    """(org, secret, key, rectifications) of a queryset of rectifications: key "status|due date" while not accepted,
    "accepted|Monday of the week accepted|1 if by the due date else 0" once accepted."""
    open_ = (rectifications.exclude(status=ACCEPTED).order_by()
             .values_list("org_id", "problem__source", "status", "due_date").annotate(n=Count("pk")))
    for org, source, status, due, n in open_:
        yield org, source in SECRET, f"{status}|{due.isoformat()}", n
    on_time = ExpressionWrapper(Q(accepted_at__date__lte=F("due_date")), output_field=BooleanField())
    done = (rectifications.filter(status=ACCEPTED).annotate(week=TruncWeek("accepted_at"), on_time=on_time)
            .order_by().values_list("org_id", "problem__source", "week", "on_time").annotate(n=Count("pk")))
    merged: dict[tuple, int] = {}
    for org, source, week, in_time, n in done:
        week = timezone.localtime(week).date() if isinstance(week, datetime.datetime) else week
        key = (org, source in SECRET, f"{ACCEPTED}|{week.isoformat() if week else ''}|{int(bool(in_time))}")
        merged[key] = merged.get(key, 0) + n
    for (org, secret, key), n in merged.items():
        yield org, secret, key, n


def ranking_key(today: datetime.date):
    """An expression of a kept row's key with only what a ranking of sub-orgs reads, so that the database sums
    the rows of an org into a few (its rectifications' due dates and weeks are hundreds of keys): a problem's key
    becomes "||"; an open rectification's due date becomes "0000-00-00" when before `today` (overdue), else
    "9999-12-31"; an accepted one's week is dropped ("accepted||1" by the due date, "accepted||0" not). Other
    families' keys are kept."""
    rectification = Q(family="rectifications")
    accepted = rectification & Q(key__startswith=f"{ACCEPTED}|")
    status = Substr("key", 1, StrIndex("key", Value("|")))  # with its "|"
    return Case(
        When(family="problems", then=Value("||")),
        When(accepted, then=Concat(Value(f"{ACCEPTED}||"), Right("key", 1))),
        When(rectification & Q(key__lt=Concat(status, Value(today.isoformat()))),
             then=Concat(status, Value("0000-00-00"))),
        When(rectification, then=Concat(status, Value("9999-12-31"))),
        default=F("key"), output_field=CharField())


def count_problems(scope_: str, org_ids):
    problems = Problem.objects.filter(campaign_id=campaign_of(scope_))
    return problem_rows(problems if org_ids is None else problems.filter(org_id__in=org_ids))


def count_rectifications(scope_: str, org_ids):
    rectifications = Rectification.objects.filter(problem__campaign_id=campaign_of(scope_))
    return rectification_rows(rectifications if org_ids is None else rectifications.filter(org_id__in=org_ids))


def _problem_marks(problem: Problem):
    marks = [("problems", scope(problem.campaign_id), problem.org_id)]
    if problem.pk:  # its rectifications count as confidential or not by its source
        marks += [("rectifications", scope(problem.campaign_id), org)
                  for org in problem.rectifications.values_list("org_id", flat=True).distinct()]
    return marks


def _rectification_marks(rectification: Rectification):
    if Rectification.problem.is_cached(rectification):  # the workflow loads it with the rectification
        campaign = rectification.problem.campaign_id
    else:
        campaign = Problem.objects.filter(pk=rectification.problem_id).values_list("campaign_id", flat=True).first()
    return [("rectifications", scope(campaign), rectification.org_id)] if campaign else []


def _rectification_rows(rectification: Rectification):
    """The rectification's own row (family, scope, org, secret, key, 1), as `rectification_rows` counts it; None
    when a value is not (yet) of its type."""
    if Rectification.problem.is_cached(rectification):
        problem = rectification.problem
        campaign, source = (problem.campaign_id, problem.source) if problem else (None, None)
    else:
        campaign, source = Problem.objects.filter(pk=rectification.problem_id).values_list(
            "campaign_id", "source").first() or (None, None)
    if campaign is None or rectification.org_id is None:
        return []
    due, accepted_at = rectification.due_date, rectification.accepted_at
    if not isinstance(due, datetime.date) or isinstance(due, datetime.datetime):
        return None
    if rectification.status != ACCEPTED:
        key = f"{rectification.status}|{due.isoformat()}"
    elif accepted_at is None:
        key = f"{ACCEPTED}||0"
    elif isinstance(accepted_at, datetime.datetime) and timezone.is_aware(accepted_at):
        day = timezone.localtime(accepted_at).date()
        key = f"{ACCEPTED}|{(day - datetime.timedelta(days=day.weekday())).isoformat()}|{int(day <= due)}"
    else:
        return None
    return [("rectifications", scope(campaign), rectification.org_id, source in SECRET, key, 1)]


def register() -> None:
    tallies.register_family("problems", count_problems, campaign_scopes)
    tallies.register_family("rectifications", count_rectifications, campaign_scopes)
    tallies.watch(Problem, ["campaign_id", "org_id", "source", "checklist_item_id", "dimension"], _problem_marks)
    tallies.watch(Rectification, ["org_id", "problem_id", "status", "due_date", "accepted_at"], _rectification_marks,
                  rows=_rectification_rows)
