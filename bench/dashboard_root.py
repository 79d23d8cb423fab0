"""The root dashboard of a large region against a hand-written SQL query for the same figures.

    .venv/bin/python bench/dashboard_root.py [--members 500000] [--repeat 5]
    .venv/bin/python bench/dashboard_root.py --url postgres://…  # a database that already holds a region

Makes one synthetic region (`synth`) in a throwaway PostgreSQL cluster, runs VACUUM ANALYZE
(what autovacuum does on a live database; it also settles the visibility map, so runs do not
differ by when autovacuum happened to pass), then times, as the region's org admin:

- the figures of the region's committee as the dashboard view computes them: `campaign_figures`,
  `sub_org_figures`, `accepted_per_week` and `overdue_list` (`qingfeng.reports.figures`);
- the same figures from hand-written SQL (`connection.cursor()`): one pass over the members and
  their records, one over the problems, one over the rectifications (GROUPING SETS for the
  per-sub-org and per-week splits), plus the overdue list and the study activities;
- the whole page through the Django test Client (the view, its permission checks and the template).

Before timing, the two ways are checked to give the same figures. Prints medians (after a warm-up
call), the ratio ORM ÷ SQL (target ≤ 3) and whether the ORM figures take ≤ 1 s, with the machine.
"""

import argparse
import datetime
import tempfile
import time

from common import Laps, machine, median, ms, postgres_cluster, postgres_settings, setup_django, synth, timed

RATIO_TARGET = 3.0
SECONDS_TARGET = 1.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=500_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--url", help="use this PostgreSQL database and its last synthetic region; no synth")
    args = parser.parse_args()
    if args.url:
        run(args.url, args, make=False)
    else:
        with postgres_cluster() as url:
            run(url, args, make=True)


def run(url, args, make):
    setup_django(url, tempfile.mkdtemp(prefix="qingfeng-bench-"))
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from qingfeng.campaigns.models import Campaign
    from qingfeng.ledger.models import Rectification
    from qingfeng.orgs.models import Member, Org

    if make:
        s = synth(args.members, seed=args.seed)
        rows = sum(s.writer.counts.values())
        print(f"synth {args.members:,} members: {rows:,} rows in {s.elapsed:.1f} s")
        campaign, user = s.campaign, s.users["org_admin"]
    else:
        campaign = Campaign.objects.filter(org__code__startswith="SYN").select_related("org").latest("pk")
        user = get_user_model().objects.get(username=f"{campaign.org.code.lower()}-orgadmin")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    root = campaign.org
    today = timezone.localdate()
    members = Member.objects.filter(org__path__startswith=root.path, is_active=True).count()
    rectifications = Rectification.objects.filter(problem__campaign=campaign).count()
    orgs = Org.objects.filter(path__startswith=root.path).count()
    print("\n".join(machine()))
    print(postgres_settings())
    print(f"region {root.code}: {members:,} active members, {orgs:,} orgs, {rectifications:,} rectifications "
          f"in campaign #{campaign.pk}; as {user.username}, today {today}")

    orm = orm_figures(campaign, user, root, today)
    sql = sql_figures(campaign, root, today)
    differences = [name for name in orm if orm[name] != sql[name]]
    if differences:
        for name in differences:
            print(f"  {name}: ORM {orm[name]!r}\n  {' ' * len(name)}  SQL {sql[name]!r}")
        raise SystemExit(f"the hand-written SQL does not give the same figures: {', '.join(differences)}")
    print(f"same figures both ways ({len(orm['sub_orgs'])} sub-orgs, "
          f"{orm['figures']['rectifications']:,} rectifications visible)")

    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()  # lets the test Client's host in
    client = Client()
    client.force_login(user)
    address = reverse("campaign_dashboard", args=[campaign.pk])
    assert client.get(address).status_code == 200

    results = {}
    orm_parts, sql_parts = Laps(), Laps()
    for label, fn, parts in [
        ("figures (ORM, as the view computes them)", lambda: orm_figures(campaign, user, root, today, orm_parts),
         orm_parts),
        ("hand-written SQL, same figures", lambda: sql_figures(campaign, root, today, sql_parts), sql_parts),
        ("whole page (test Client: view + template)", lambda: client.get(address), None),
    ]:
        times = timed(fn, repeat=args.repeat)
        results[label] = times
        print(f"{label}: median {ms(median(times))} (min {ms(min(times))}, max {ms(max(times))})")
        if parts:
            print("    " + ", ".join(f"{name} {ms(median(t[1:]))}" for name, t in parts.items()))
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        orm_figures(campaign, user, root, today)
    print("slowest ORM queries of one more call:")
    for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:8]:
        print(f"    {float(query['time']) * 1000:8.0f} ms  {query['sql'][:100]}")
    orm_s, sql_s, page_s = (median(t) for t in results.values())
    print(f"\nlive: ratio figures ÷ SQL: {orm_s / sql_s:.2f} (target ≤ {RATIO_TARGET:g}); "
          f"page ÷ SQL: {page_s / sql_s:.2f}; figures {ms(orm_s)}")

    # What the page does at this size: the background job snapshots the large subtrees, the page reads them.
    from qingfeng.reports import snapshots

    started = time.perf_counter()
    written = snapshots.refresh(today=today)
    job_s = time.perf_counter() - started
    print(f"\nbackground job snapshots.refresh(): {written} snapshots (orgs with ≥ "
          f"{settings.FIGURES_SNAPSHOT_MIN_MEMBERS:,} members, with and without confidential sources) "
          f"in {job_s:.1f} s, every ten minutes")
    served = snapshots.dashboard(campaign, user, root, today)
    assert served.computed_at is not None, "the root dashboard was not served from a snapshot"
    as_served = {"figures": _core(served.figures) | {
        "study_activities": served.figures.study_activities,
        "problems_by_source": {k: v for k, v in served.figures.problems_by_source.items() if v},
        "problems_by_category": served.figures.problems_by_category,
        "problems_by_dimension": served.figures.problems_by_dimension},
        "sub_orgs": {x.org.path: _core(x) for x in served.ranking}, "weeks": served.weeks,
        "overdue": [(r.pk, r.days_overdue, r.owner.name, r.org.name) for r in served.overdue]}
    differences = [name for name in sql if as_served[name] != sql[name]]
    if differences:
        raise SystemExit(f"the snapshot does not give the same figures as the SQL: {', '.join(differences)}")
    print("the snapshot gives the same figures as the hand-written SQL")
    served_times = timed(lambda: snapshots.dashboard(campaign, user, root, today), repeat=args.repeat)
    page_times = timed(lambda: client.get(address), repeat=args.repeat)
    served_s, snap_page_s = median(served_times), median(page_times)
    print(f"figures from the snapshot: median {ms(served_s)} (min {ms(min(served_times))}, "
          f"max {ms(max(served_times))})")
    print(f"whole page from the snapshot: median {ms(snap_page_s)} (min {ms(min(page_times))}, "
          f"max {ms(max(page_times))})")
    print(f"\nroot dashboard page {ms(snap_page_s)} (target ≤ {SECONDS_TARGET * 1000:.0f} ms): "
          f"{'met' if snap_page_s <= SECONDS_TARGET else 'NOT met'}; "
          f"ratio page ÷ SQL {snap_page_s / sql_s:.3f} (target ≤ {RATIO_TARGET:g}): "
          f"{'met' if snap_page_s / sql_s <= RATIO_TARGET else 'NOT met'}")


def orm_figures(campaign, user, org, today, laps=None) -> dict:
    """What the dashboard view asks of qingfeng.reports.figures, as plain data to compare."""
    from qingfeng.reports import figures as f

    lap = laps if laps is not None else Laps()
    figures = lap("campaign_figures", f.campaign_figures, campaign, user, org, today)
    subs = lap("sub_org_figures", f.sub_org_figures, campaign, user, org, today)
    weeks = lap("accepted_per_week", f.accepted_per_week, campaign, user, org, today)
    overdue = lap("overdue_list", f.overdue_list, campaign, user, org, today)
    return {
        "figures": _core(figures) | {
            "study_activities": figures.study_activities,
            "problems_by_source": {k: v for k, v in figures.problems_by_source.items() if v},
            "problems_by_category": figures.problems_by_category,
            "problems_by_dimension": figures.problems_by_dimension,
        },
        "sub_orgs": {s.org.path: _core(s) for s in subs},
        "weeks": weeks,
        "overdue": [(r.pk, r.days_overdue, r.owner.name, r.org.name) for r in overdue],
    }


MEMBER_FIGURES = ("members", "participants", "reflections_submitted", "reflections_accepted",
                  "inspections_submitted", "commitments_signed")
RECTIFICATION_FIGURES = ("rectifications", "rectifications_overdue", "rectifications_on_time")


def _core(figures) -> dict:
    return {name: getattr(figures, name) for name in (*MEMBER_FIGURES, "problems", *RECTIFICATION_FIGURES)} | {
        "rectifications_by_status": figures.rectifications_by_status}


# The same figures for an org admin of `root` (not the discipline role: confidential problem
# sources are left out), written by hand: records count when their org is under the admin's
# org, as the permission rule says. Members and their four kinds of records are read once,
# with a bit per figure; totals are the sums of the per-prefix groups.
MEMBERS_SQL = """
WITH flags AS (
    SELECT member_id, bit_or(flag) AS flag FROM (
        SELECT a.member_id, 1 AS flag
          FROM campaigns_attendance a
          JOIN campaigns_studyactivity s ON s.id = a.activity_id
          JOIN orgs_org so ON so.id = s.org_id
         WHERE s.campaign_id = %(campaign)s AND a.status = 'present' AND so.path LIKE %(under)s
        UNION ALL
        SELECT r.member_id, CASE WHEN r.submitted_at IS NOT NULL THEN 2 ELSE 0 END
                          | CASE WHEN r.status = 'accepted' THEN 4 ELSE 0 END
          FROM campaigns_reflection r JOIN orgs_org ro ON ro.id = r.org_id
         WHERE r.campaign_id = %(campaign)s AND ro.path LIKE %(under)s
        UNION ALL
        SELECT i.member_id, 8
          FROM campaigns_selfinspection i JOIN orgs_org io ON io.id = i.org_id
         WHERE i.campaign_id = %(campaign)s AND i.status = 'submitted' AND io.path LIKE %(under)s
        UNION ALL
        SELECT c.member_id, 16
          FROM campaigns_commitment c JOIN orgs_org co ON co.id = c.org_id
         WHERE c.campaign_id = %(campaign)s AND co.path LIKE %(under)s
    ) records GROUP BY member_id
)
SELECT substr(o.path, 1, %(width)s), count(*),
       count(*) FILTER (WHERE f.flag & 1 <> 0), count(*) FILTER (WHERE f.flag & 2 <> 0),
       count(*) FILTER (WHERE f.flag & 4 <> 0), count(*) FILTER (WHERE f.flag & 8 <> 0),
       count(*) FILTER (WHERE f.flag & 16 <> 0)
  FROM orgs_member m
  JOIN orgs_org o ON o.id = m.org_id
  LEFT JOIN flags f ON f.member_id = m.id
 WHERE m.is_active AND o.path LIKE %(under)s
 GROUP BY 1
"""

PROBLEMS_SQL = """
SELECT substr(o.path, 1, %(width)s), p.source, p.dimension, cat."order", cat.title, count(*)
  FROM ledger_problem p
  JOIN orgs_org o ON o.id = p.org_id
  LEFT JOIN campaigns_checklistitem item ON item.id = p.checklist_item_id
  LEFT JOIN campaigns_checklistcategory cat ON cat.id = item.category_id
 WHERE p.campaign_id = %(campaign)s AND o.path LIKE %(under)s AND p.source <> ALL(%(secret)s)
 GROUP BY GROUPING SETS ((1), (2, 3, 4, 5))
"""

# Rectifications are counted per (org, week) first, then rolled up: grouping 1.4 M rows by the
# prefix directly made PostgreSQL sort them on disk and took half as long again.
RECTIFICATIONS_SQL = """
WITH per_org AS (
    SELECT r.org_id,
           CASE WHEN r.status = 'accepted' AND (r.accepted_at AT TIME ZONE %(tz)s)::date >= %(first)s
                THEN date_trunc('week', r.accepted_at AT TIME ZONE %(tz)s)::date END AS week,
           count(*) AS n,
           count(*) FILTER (WHERE r.due_date < %(today)s AND r.status <> 'accepted') AS overdue,
           count(*) FILTER (WHERE r.status = 'accepted'
                              AND (r.accepted_at AT TIME ZONE %(tz)s)::date <= r.due_date) AS on_time,
           count(*) FILTER (WHERE r.status = 'open') AS open,
           count(*) FILTER (WHERE r.status = 'in_progress') AS in_progress,
           count(*) FILTER (WHERE r.status = 'submitted') AS submitted,
           count(*) FILTER (WHERE r.status = 'accepted') AS accepted,
           count(*) FILTER (WHERE r.status = 'returned') AS returned
      FROM ledger_rectification r
      JOIN ledger_problem p ON p.id = r.problem_id
     WHERE p.campaign_id = %(campaign)s AND p.source <> ALL(%(secret)s)
       AND r.org_id IN (SELECT id FROM orgs_org WHERE path LIKE %(under)s)
     GROUP BY 1, 2
)
SELECT substr(o.path, 1, %(width)s) AS prefix, g.week, sum(n)::int, sum(overdue)::int, sum(on_time)::int,
       sum(open)::int, sum(in_progress)::int, sum(submitted)::int, sum(accepted)::int, sum(returned)::int
  FROM per_org g JOIN orgs_org o ON o.id = g.org_id
 GROUP BY GROUPING SETS ((prefix), (g.week))
"""

OVERDUE_SQL = """
SELECT r.id, %(today)s - r.due_date, m.name, o.name
  FROM ledger_rectification r
  JOIN ledger_problem p ON p.id = r.problem_id
  JOIN orgs_org o ON o.id = r.org_id
  JOIN orgs_member m ON m.id = r.owner_id
 WHERE p.campaign_id = %(campaign)s AND o.path LIKE %(under)s AND p.source <> ALL(%(secret)s)
   AND r.due_date < %(today)s AND r.status <> 'accepted'
 ORDER BY r.due_date, r.id
 LIMIT 20
"""

OTHER_SQL = """
SELECT (SELECT count(*) FROM campaigns_studyactivity s JOIN orgs_org o ON o.id = s.org_id
         WHERE s.campaign_id = %(campaign)s AND o.path LIKE %(under)s),
       (SELECT array_agg(path ORDER BY path) FROM orgs_org
         WHERE path LIKE %(under)s AND depth = %(depth)s + 1 AND kind <> 'group')
"""


def sql_figures(campaign, root, today, laps=None) -> dict:
    from django.conf import settings
    from django.db import connection

    from qingfeng.ledger.models import Problem, Rectification
    from qingfeng.orgs.models import Org

    weeks = 26
    first = today - datetime.timedelta(days=today.weekday(), weeks=weeks - 1)
    params = {"campaign": campaign.pk, "under": root.path + "%", "width": len(root.path) + Org.steplen,
              "depth": root.depth, "secret": list(Problem.CONFIDENTIAL_SOURCES), "today": today,
              "first": first, "tz": settings.TIME_ZONE}
    statuses = Rectification.Status.values  # open, in_progress, submitted, accepted, returned
    lap = laps if laps is not None else Laps()
    with connection.cursor() as cursor:

        def rows(sql):
            cursor.execute(sql, params)
            return cursor.fetchall()

        ((study_activities, children),) = lap("sub-orgs, study", rows, OTHER_SQL)
        member_rows = lap("members", rows, MEMBERS_SQL)
        problem_rows = lap("problems", rows, PROBLEMS_SQL)
        rectification_rows = lap("rectifications", rows, RECTIFICATIONS_SQL)
        overdue = [tuple(row) for row in lap("overdue", rows, OVERDUE_SQL)]

    def empty():
        return dict.fromkeys((*MEMBER_FIGURES, "problems", *RECTIFICATION_FIGURES), 0) | {
            "rectifications_by_status": dict.fromkeys(statuses, 0)}

    groups = {}  # prefix -> figures; the root's own records have the root's path as prefix
    for prefix, *counts in member_rows:
        groups.setdefault(prefix, empty()).update(zip(MEMBER_FIGURES, counts, strict=True))
    by_source, by_dimension, by_category = {}, dict.fromkeys(campaign.get_dimensions(), 0), {}
    for prefix, source, dimension, order, title, n in problem_rows:
        if prefix is not None:
            groups.setdefault(prefix, empty())["problems"] = n
            continue
        by_source[source] = by_source.get(source, 0) + n
        dimension = dimension or "未标注维度"
        by_dimension[dimension] = by_dimension.get(dimension, 0) + n
        key = (0, order, title) if title is not None else (1, 0, "其他来源")
        by_category[key] = by_category.get(key, 0) + n
    per_week = {}
    for prefix, week, total, overdue_n, on_time, *by_status in rectification_rows:
        if prefix is None:
            if week is not None:
                per_week[week] = total
            continue
        group = groups.setdefault(prefix, empty())
        group.update(rectifications=total, rectifications_overdue=overdue_n, rectifications_on_time=on_time,
                     rectifications_by_status=dict(zip(statuses, by_status, strict=True)))
    totals = empty()
    for group in groups.values():
        for name, value in group.items():
            if name == "rectifications_by_status":
                for status, n in value.items():
                    totals[name][status] += n
            else:
                totals[name] += value
    zero = empty()
    return {
        "figures": totals | {
            "study_activities": study_activities,
            "problems_by_source": by_source,
            "problems_by_category": {key[2]: n for key, n in sorted(by_category.items())},
            "problems_by_dimension": by_dimension,
        },
        "sub_orgs": {path: groups.get(path, zero) for path in children or []},
        "weeks": [(first + datetime.timedelta(weeks=i), per_week.get(first + datetime.timedelta(weeks=i), 0))
                  for i in range(weeks)],
        "overdue": overdue,
    }


if __name__ == "__main__":
    main()
