"""The figures of 改 kept per org (orgs.tallies): problems by source, checklist item and dimension; rectifications
by status and, while not accepted, due date (so overdue is a sum of the due dates before today), and once accepted
by the week (Monday, Asia/Shanghai) of acceptance and whether by the due date; and `ranked`, the few rows a
ranking of sub-orgs reads (see `ranked_rows`). Problems from a confidential source
and their rectifications are kept apart (`secret`)."""

import datetime

from django.db.models import BooleanField, Count, DateField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from qingfeng.campaigns.counts import campaign_of, campaign_scopes, scope
from qingfeng.orgs import figures, tallies

from .models import Problem, Rectification

ACCEPTED = Rectification.Status.ACCEPTED
SECRET = Problem.CONFIDENTIAL_SOURCES


def problem_rows(problems):
    """(org, secret, key, problems) of a queryset of problems, each counted three times: by its source
    ("s|<source>"), by its checklist item ("i|<id>", "i|" for none) and by its dimension ("d|<dimension>"). The
    figures read each apart (`problem_marginal`); three rows per org and value, where one per combination of the
    three made 60 % more rows (a region's checklist items × dimensions × sources)."""
    rows = (problems.order_by().values_list("org_id", "source", "checklist_item_id", "dimension")
            .annotate(n=Count("pk")))
    merged: dict[tuple, int] = {}
    for org, source, item, dimension, n in rows:
        secret = source in SECRET
        for key in (f"s|{source}", f"i|{item or ''}", f"d|{dimension}"):
            merged[(org, secret, key)] = merged.get((org, secret, key), 0) + n
    for (org, secret, key), n in merged.items():
        yield org, secret, key, n


def problem_marginal(key: str) -> tuple[str, str | int | None]:
    """("source", source), ("item", checklist item id or None) or ("dimension", dimension) of a key of
    `problem_rows`."""
    kind, value = key.split("|", 1)
    if kind == "i":
        return "item", int(value) if value else None
    return ("source" if kind == "s" else "dimension"), value


def rectification_rows(rectifications):
    """(org, secret, key, rectifications) of a queryset of rectifications: key "status|due date" while not accepted,
    "accepted|Monday of the week accepted|1 if by the due date else 0" once accepted."""
    open_ = (rectifications.exclude(status=ACCEPTED).order_by()
             .values_list("org_id", "problem__source", "status", "due_date").annotate(n=Count("pk")))
    for org, source, status, due, n in open_:
        yield org, source in SECRET, f"{status}|{due.isoformat()}", n
    on_time = ExpressionWrapper(Q(accepted_at__date__lte=F("due_date")), output_field=BooleanField())
    done = (rectifications.filter(status=ACCEPTED)
            .annotate(week=TruncWeek("accepted_at", output_field=DateField()), on_time=on_time)
            .order_by().values_list("org_id", "problem__source", "week", "on_time").annotate(n=Count("pk")))
    merged: dict[tuple, int] = {}
    for org, source, week, in_time, n in done:  # the Monday of the week accepted, in TIME_ZONE
        key = (org, source in SECRET, f"{ACCEPTED}|{week.isoformat() if week else ''}|{int(bool(in_time))}")
        merged[key] = merged.get(key, 0) + n
    for (org, secret, key), n in merged.items():
        yield org, secret, key, n


def ranked_rows(problems, rectifications):
    """(org, secret, key, n) of the family `ranked`: what a ranking of sub-orgs reads, in a few keys per org
    (the families `problems` and `rectifications` hold hundreds: every due date, week and checklist item).
    "p": problems; "<status>|<YYYY-MM>": open rectifications by the month of their due date (the days of the
    current month are read from `rectifications` to tell overdue); "accepted|1"/"accepted|0": accepted by the
    due date or not."""
    for org, source, n in problems.order_by().values_list("org_id", "source").annotate(n=Count("pk")):
        yield org, source in SECRET, "p", n
    open_ = (rectifications.exclude(status=ACCEPTED).annotate(month=TruncMonth("due_date")).order_by()
             .values_list("org_id", "problem__source", "status", "month").annotate(n=Count("pk")))
    for org, source, status, month, n in open_:
        yield org, source in SECRET, f"{status}|{month:%Y-%m}", n
    on_time = ExpressionWrapper(Q(accepted_at__date__lte=F("due_date")), output_field=BooleanField())
    done = (rectifications.filter(status=ACCEPTED).annotate(on_time=on_time).order_by()
            .values_list("org_id", "problem__source", "on_time").annotate(n=Count("pk")))
    merged: dict[tuple, int] = {}
    for org, source, in_time, n in done:
        key = (org, source in SECRET, f"{ACCEPTED}|{int(bool(in_time))}")
        merged[key] = merged.get(key, 0) + n
    for (org, secret, key), n in merged.items():
        yield org, secret, key, n


def ranked_key(family: str, key: str) -> str | None:
    """The key in `ranked` of a row of `problems` or `rectifications`: "p" (of the rows by source; None for the
    others); "<status>|<YYYY-MM>" of an open one's due date; "accepted|<on time>" (how `tallies.fill` sums `ranked`
    from those two; `ranked_rows` counts it from the records)."""
    if family == "problems":
        return "p" if key.startswith("s|") else None  # each problem once: by its source
    status, rest = key.split("|", 1)
    if status == ACCEPTED:
        return f"{ACCEPTED}|{rest.rsplit('|', 1)[1]}"
    return f"{status}|{rest[:7]}"


OPEN = tuple(status for status in Rectification.Status.values if status != ACCEPTED)


def ranked_reads(scope_: str, org_ids, today: datetime.date, secret: bool | None = None, summed: bool = False) -> list:
    """What a ranking of sub-orgs reads of the rolled rows of `org_ids` (`tallies.read`, summed by the database to
    a few rows per org whatever the campaign's span): `ranked`, an open item's month of due date as "past" (before
    this month) or "later"; and per open status, from `rectifications`, the items due this month before `today`,
    keyed by the status. `ranked_totals` turns them into the keys `reports.figures._figures` reads. `secret` and
    `summed` as `tallies.read` takes them."""
    month, first, day = f"{today:%Y-%m}", today.replace(day=1).isoformat(), today.isoformat()
    # "<status>|YYYY-MM" compared as text: before "<status>|<this month>" is past, from it to "<status>|~" later
    buckets = ([(f"{status}|", f"{status}|{month}", f"{status}|past") for status in OPEN]
               + [(f"{status}|{month}", f"{status}|~", f"{status}|later") for status in OPEN])
    return [tallies.read(scope_, org_ids, ("ranked",), secret, key=buckets, summed=summed),
            *(tallies.read(scope_, org_ids, ("rectifications",), secret, keys=(f"{status}|{first}", f"{status}|{day}"),
                           key=status, summed=summed) for status in OPEN)]


def ranked_totals(rows) -> dict[tuple[str, str], int]:
    """{(family, key): n} as `reports.figures._figures` reads them, from an org's rows of `ranked_reads` ((family,
    key, n) each): an open rectification's due date becomes "0000-00-00" when past, "9999-12-31" when not; an
    accepted one's "accepted||<on time>"."""
    totals: dict[tuple[str, str], int] = {}
    for family, key, n in rows:
        if family == "rectifications":  # an open status: due this month before today, so past and not later
            past, later = (family, f"{key}|0000-00-00"), (family, f"{key}|9999-12-31")
            totals[past] = totals.get(past, 0) + n
            totals[later] = totals.get(later, 0) - n
            continue
        if family != "ranked":
            to = (family, key)
        elif key == "p":
            to = ("problems", "s|")  # problems of no source named: the ranking reads their number only
        else:
            status, rest = key.split("|", 1)
            if status == ACCEPTED:
                to = ("rectifications", f"{ACCEPTED}||{rest}")
            else:
                to = ("rectifications", f"{status}|{'0000-00-00' if rest == 'past' else '9999-12-31'}")
        totals[to] = totals.get(to, 0) + n
    return {k: n for k, n in totals.items() if n}


def count_problems(scope_: str, org_ids):
    problems = Problem.objects.filter(campaign_id=campaign_of(scope_))
    return problem_rows(problems if org_ids is None else problems.filter(org_id__in=org_ids))


def count_ranked(scope_: str, org_ids):
    problems = Problem.objects.filter(campaign_id=campaign_of(scope_))
    rectifications = Rectification.objects.filter(problem__campaign_id=campaign_of(scope_))
    if org_ids is not None:
        problems, rectifications = problems.filter(org_id__in=org_ids), rectifications.filter(org_id__in=org_ids)
    return ranked_rows(problems, rectifications)


def count_rectifications(scope_: str, org_ids):
    rectifications = Rectification.objects.filter(problem__campaign_id=campaign_of(scope_))
    return rectification_rows(rectifications if org_ids is None else rectifications.filter(org_id__in=org_ids))


def _problem_marks(problem: Problem):
    marks = [("problems", scope(problem.campaign_id), problem.org_id),
             ("ranked", scope(problem.campaign_id), problem.org_id)]
    if problem.pk:  # its rectifications count as confidential or not by its source
        marks += [(family, scope(problem.campaign_id), org)
                  for org in problem.rectifications.values_list("org_id", flat=True).distinct()
                  for family in ("rectifications", "ranked")]
    return marks


def _rectification_marks(rectification: Rectification):
    if Rectification.problem.is_cached(rectification):  # the workflow loads it with the rectification
        campaign = rectification.problem.campaign_id
    else:
        campaign = Problem.objects.filter(pk=rectification.problem_id).values_list("campaign_id", flat=True).first()
    return [(family, scope(campaign), rectification.org_id) for family in ("rectifications", "ranked")] \
        if campaign else []


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
    place = (scope(campaign), rectification.org_id, source in SECRET)
    return [("rectifications", *place, key, 1), ("ranked", *place, ranked_key("rectifications", key), 1)]


def register() -> None:
    tallies.register_family("problems", count_problems, campaign_scopes)
    tallies.register_family("rectifications", count_rectifications, campaign_scopes)
    tallies.register_family("ranked", count_ranked, campaign_scopes, sources=("problems", "rectifications"),
                            derive=ranked_key)
    figures.count_after("ledger", "0004_ranked_counts", ("ranked",))
    tallies.watch(Problem, ["campaign_id", "org_id", "source", "checklist_item_id", "dimension"], _problem_marks)
    tallies.watch(Rectification, ["org_id", "problem_id", "status", "due_date", "accepted_at"], _rectification_marks,
                  rows=_rectification_rows)
