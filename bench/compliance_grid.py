"""The 组织生活 compliance grid: the root of a large region against hand-written SQL, and a branch as data grows.

    .venv/bin/python bench/compliance_grid.py root [--members 500000] [--repeat 5]
    .venv/bin/python bench/compliance_grid.py root --url postgres://…   # a database that already holds a region
    .venv/bin/python bench/compliance_grid.py scale [--base 2000] [--repeat 15]

`root`: one synthetic region (`synth`, with its year of meetings) in a throwaway PostgreSQL cluster,
VACUUM ANALYZE, then, as the region's org admin, for the region's committee and this year (median after
a warm-up call):

- the grid as the 组织生活合规 page computes it: `meeting_compliance`, `talk_coverage` and the number of
  members below their 学时 target, `below_target(...).count()`
  (`qingfeng.reports.figures`);
- the same from hand-written SQL (`connection.cursor()`): the branches and groups, the held meetings counted
  per org, kind and month, the 党小组会 counted per group and month, the members and 支委 per org, the talks,
  and one pass over meeting and study attendance for the 学时 below target; the cells judged in a few lines
  of Python. Before timing, both must give the same state in every cell, the same missing kinds in every
  past month, the same talk coverage and the same count below 学时;
- the whole page through the Django test Client.

`scale`: as bench/dashboard_scale.py, three regions of BASE, 10×BASE and 100×BASE members added in turn
to one database; after each, the grid of a branch of about 40 members in every region present (the same
three figures). Target: the branch's cost follows its subtree (ratio to the first measurement ≤ 1.5).

Prints medians, ratios and the machine. Not a test module: pytest does not collect `bench/`.
"""

import argparse
import datetime
import tempfile
import time
from collections import Counter

from common import (
    Laps,
    machine,
    median,
    ms,
    on_database,
    pick_branch,
    postgres_cluster,
    postgres_settings,
    setup_django,
    synth,
    timed,
)

RATIO_TARGET = 3.0
SCALE_TARGET = 1.5
BRANCH_SIZE = 40


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("part", choices=["root", "scale"])
    parser.add_argument("--members", type=int, default=500_000, help="root: members of the region")
    parser.add_argument("--base", type=int, default=2000, help="scale: members of the smallest region")
    parser.add_argument("--repeat", type=int, default=0, help="timed calls (default: root 5, scale 15)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed calls before the timed ones")
    parser.add_argument("--no-page", dest="page", action="store_false", help="root: do not time the page")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--url", help="root: use this PostgreSQL database and its last synthetic region; no synth")
    parser.add_argument("--sqlite", action="store_true", help="scale: SQLite file instead of PostgreSQL")
    args = parser.parse_args()
    args.repeat = args.repeat or (5 if args.part == "root" else 15)
    if args.part == "scale":
        on_database(args.sqlite, scale, args)
    elif args.url:
        root(args.url, args, make=False)
    else:
        with postgres_cluster() as url:
            root(url, args, make=True)


def grid(user, org, year, today, laps=None):
    """What the 组织生活合规 page asks of qingfeng.reports.figures (but the page's 25 rows of members)."""

    from qingfeng.reports import figures as f

    lap = laps if laps is not None else Laps()
    compliance = lap("meeting_compliance", f.meeting_compliance, user, org, year, today)
    talks = lap("talk_coverage", f.talk_coverage, user, org, year, today)
    below = lap("below_target", lambda: f.below_target(user, org, year).count())
    return compliance, talks, below


def as_data(compliance, talks, below, today) -> dict:
    """Plain data to compare: the cell states, the missing kinds of past months, the talk coverage, 学时 below."""
    return {
        "cells": {row.org.path: [m.state.value for m in row.months] for row in compliance.rows},
        "missing": {row.org.path: [sorted(m.missing) for m in row.months[:month_index(compliance.year, today)]]
                    for row in compliance.rows},
        "talks": {path: (t.covered, t.expected, t.state.value) for path, t in talks.items()},
        "below": below,
    }


def month_index(year: int, today) -> int:
    """How many months of `year` have ended by `today`."""
    return 0 if year > today.year else 12 if year < today.year else today.month - 1


# The same figures for an org admin of the region (records count when their org is in the subtree),
# written by hand.
ORGS_SQL = """
SELECT id, path, kind, name FROM orgs_org
 WHERE path LIKE %(under)s AND is_active AND kind IN ('branch', 'group') ORDER BY path
"""

MEETINGS_SQL = """
SELECT o.path, m.kind, extract(month FROM m.starts_at AT TIME ZONE %(tz)s)::int, count(*)
  FROM orglife_meeting m JOIN orgs_org o ON o.id = m.org_id
 WHERE o.path LIKE %(under)s AND m.status = 'held' AND m.starts_at >= %(start)s AND m.starts_at < %(end)s
   AND m.quorum_met IS NOT FALSE AND m.kind <> 'group'
 GROUP BY 1, 2, 3
"""

# A 党小组会 counts for every group its invitees belong to: the distinct (meeting, group) pairs, then counted.
GROUP_MEETINGS_SQL = """
SELECT group_id, month, count(*) FROM (
    SELECT DISTINCT m.id, mem.group_id, extract(month FROM m.starts_at AT TIME ZONE %(tz)s)::int AS month
      FROM orglife_meeting m
      JOIN orgs_org o ON o.id = m.org_id
      JOIN orglife_meetingattendance a ON a.meeting_id = m.id
      JOIN orgs_member mem ON mem.id = a.member_id
     WHERE o.path LIKE %(under)s AND m.status = 'held' AND m.starts_at >= %(start)s AND m.starts_at < %(end)s
       AND m.quorum_met IS NOT FALSE AND m.kind = 'group' AND mem.group_id IS NOT NULL
) pairs GROUP BY 1, 2
"""

MEMBERS_SQL = """
SELECT o.path, count(*), array_agg(m.id) FILTER (WHERE m.committee_post <> '')
  FROM orgs_member m JOIN orgs_org o ON o.id = m.org_id
 WHERE o.path LIKE %(under)s AND m.is_active
 GROUP BY 1
"""

TALKS_SQL = """
SELECT DISTINCT t.talker_id, ro.path, t.talkee_id, eo.path
  FROM orglife_talk t
  JOIN orgs_org o ON o.id = t.org_id
  JOIN orgs_member r ON r.id = t.talker_id JOIN orgs_org ro ON ro.id = r.org_id
  JOIN orgs_member e ON e.id = t.talkee_id JOIN orgs_org eo ON eo.id = e.org_id
 WHERE o.path LIKE %(under)s AND t.date >= %(first_day)s AND t.date < %(next_year)s AND r.is_active AND e.is_active
"""

# 学时: meeting and study attendance (出席) of the year, summed per member in one pass each, then compared
# with the member's target (the region's rule; the bench checks no org inside it has its own).
HOURS_SQL = """
WITH hours AS (
    SELECT a.member_id, m.hours
      FROM orglife_meetingattendance a
      JOIN orglife_meeting m ON m.id = a.meeting_id
      JOIN orgs_org o ON o.id = m.org_id
     WHERE a.status = 'present' AND m.status = 'held' AND m.starts_at >= %(start)s AND m.starts_at < %(end)s
       AND o.path LIKE %(under)s AND m.hours <> 0
    UNION ALL
    SELECT a.member_id, s.hours
      FROM campaigns_attendance a
      JOIN campaigns_studyactivity s ON s.id = a.activity_id
      JOIN orgs_org o ON o.id = s.org_id
     WHERE a.status = 'present' AND s.date >= %(first_day)s AND s.date < %(next_year)s AND o.path LIKE %(under)s
       AND s.hours <> 0
), per_member AS (SELECT member_id, sum(hours) AS hours FROM hours GROUP BY 1)
SELECT count(*)
  FROM orgs_member mem
  JOIN orgs_org o ON o.id = mem.org_id
  LEFT JOIN per_member h ON h.member_id = mem.id
 WHERE o.path LIKE %(under)s AND mem.is_active
   AND coalesce(h.hours, 0) < CASE WHEN mem.committee_post <> '' THEN %(leader)s ELSE %(member)s END
"""


def sql_grid(root, year, today, laps=None) -> dict:
    """The grid's figures from the SQL above, judged as docs/figures.md says, as plain data (`as_data`)."""
    from django.conf import settings
    from django.db import connection
    from django.utils import timezone

    from qingfeng.orglife.models import Requirement
    from qingfeng.orglife.rules import MEETING_SUBJECTS, RuleBook

    zone = timezone.get_current_timezone()
    book = RuleBook(root)
    if any(path.startswith(root.path) for path in book.by_path):
        raise SystemExit("the hand-written SQL takes the region's rules for everyone: no org inside may set its own")
    rules = book.effective(root.path)
    S, P = Requirement.Subject, Requirement.Period
    params = {"under": root.path + "%", "tz": settings.TIME_ZONE, "start": datetime.datetime(year, 1, 1, tzinfo=zone),
              "end": datetime.datetime(year + 1, 1, 1, tzinfo=zone),
              "first_day": datetime.date(year, 1, 1), "next_year": datetime.date(year + 1, 1, 1),
              "leader": rules[S.HOURS_LEADER].minimum, "member": rules[S.HOURS_MEMBER].minimum}
    lap = laps if laps is not None else Laps()
    with connection.cursor() as cursor:

        def rows(sql):
            cursor.execute(sql, params)
            return cursor.fetchall()

        orgs = lap("orgs", rows, ORGS_SQL)
        meetings = lap("meetings", rows, MEETINGS_SQL)
        group_meetings = lap("group meetings", rows, GROUP_MEETINGS_SQL)
        members = lap("members", rows, MEMBERS_SQL)
        talks = lap("talks", rows, TALKS_SQL)
        ((below,),) = lap("hours below", rows, HOURS_SQL)

    started = time.perf_counter()
    branches = [path for _, path, kind, _ in orgs if kind == "branch"]
    branch_set = set(branches)

    def branch_of(path):
        for end in range(4, len(path) + 1, 4):
            if path[:end] in branch_set:
                return path[:end]
        return None

    groups = {}
    for pk, path, kind, name in orgs:
        if kind == "group" and branch_of(path):
            groups.setdefault(branch_of(path), []).append((pk, name))
    held = {}
    for path, kind, month, n in meetings:
        key = (branch_of(path), kind, month)
        held[key] = held.get(key, 0) + n
    for group, month, n in group_meetings:
        held[(group, S.GROUP, month)] = n
    # (subject, label, minimum, {month that ends a period: the months of that period})
    required = [(rule.subject, str(rule.label), rule.minimum,
                 {m: range(m, m + 1) for m in range(1, 13)} if rule.period == P.MONTH
                 else {m: range(m - 2, m + 1) for m in (3, 6, 9, 12)} if rule.period == P.QUARTER
                 else {12: range(1, 13)})
                for subject, rule in rules.items() if subject in MEETING_SUBJECTS and rule.required]
    current = (today.year, today.month)
    cells, missing_of = {}, {}
    for path in branches:
        states, missing_months = [], []
        for month in range(1, 13):
            missing = []
            for subject, label, minimum, ends in required:
                months = ends.get(month)
                if months is None:
                    continue
                holders = [(pk, name) for pk, name in groups.get(path, [])] if subject == S.GROUP else [(path, None)]
                missing += [label if name is None else f"{label}（{name}）" for holder, name in holders
                            if sum(held.get((holder, subject, m), 0) for m in months) < minimum]
            when = (year, month)
            states.append("future" if when > current else "ok" if not missing
                          else "pending" if when == current else "missing")
            missing_months.append(sorted(missing))
        cells[path] = states
        missing_of[path] = missing_months[:month_index(year, today)]
    size, committee = {}, {}
    for path, n, on_committee in members:
        branch = branch_of(path)
        size[branch] = size.get(branch, 0) + n
        committee.update(dict.fromkeys(on_committee or [], branch))
    pairs = {}
    for a, a_path, b, b_path in talks:
        for one, other, other_path in ((a, b, b_path), (b, a, a_path)):
            branch = committee.get(one)
            if branch and one != other and branch_of(other_path) == branch:
                pairs.setdefault(branch, set()).add((one, other))
    committee_size = Counter(committee.values())
    coverage = {}
    for path in branches:
        expected = committee_size[path] * max(size.get(path, 0) - 1, 0)
        covered = len(pairs.get(path, ()))
        coverage[path] = (covered, expected, "ok" if covered >= expected else
                          "missing" if year < today.year else "pending")
    lap.setdefault("judging (Python)", []).append(time.perf_counter() - started)
    return {"cells": cells, "missing": missing_of, "talks": coverage, "below": below}


def vacuum_analyze():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def root(url, args, make):
    setup_django(url, tempfile.mkdtemp(prefix="qingfeng-bench-"))
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from qingfeng.orglife.models import Meeting, MeetingAttendance
    from qingfeng.orgs.models import Member, Org

    if make:
        s = synth(args.members, seed=args.seed)
        rows = sum(s.writer.counts.values())
        life = ("orglife.Meeting", "orglife.MeetingAttendance")
        print(f"synth {args.members:,} members: {rows:,} rows in {s.elapsed:.1f} s "
              f"({s.writer.counts.get(life[0], 0):,} meetings, {s.writer.counts.get(life[1], 0):,} attendance rows; "
              f"writing them {sum(s.writer.seconds.get(name, 0) for name in life):.1f} s)")
        region, user = s.committee, s.users["org_admin"]
    else:
        region = Org.objects.filter(depth=1, code__startswith="SYN").latest("pk")
        user = get_user_model().objects.get(username=f"{region.code.lower()}-orgadmin")
    started = time.perf_counter()
    vacuum_analyze()
    print(f"VACUUM ANALYZE {time.perf_counter() - started:.1f} s")
    today = timezone.localdate()
    year = today.year
    members = Member.objects.filter(org__path__startswith=region.path, is_active=True).count()
    branches = Org.objects.filter(path__startswith=region.path, kind=Org.Kind.BRANCH).count()
    meetings = Meeting.objects.filter(org__path__startswith=region.path).count()
    attendance = MeetingAttendance.objects.filter(meeting__org__path__startswith=region.path).count()
    print("\n".join(machine()))
    print(postgres_settings())
    print(f"region {region.code}: {members:,} active members, {branches:,} branches, {meetings:,} meetings, "
          f"{attendance:,} attendance rows; as {user.username}, year {year}, today {today}")

    orm = as_data(*grid(user, region, year, today), today)
    sql = sql_grid(region, year, today)
    differences = [name for name in orm if orm[name] != sql[name]]
    if differences:
        for name in differences:
            print(f"  {name}: ORM and SQL differ")
        raise SystemExit(f"the hand-written SQL does not give the same grid: {', '.join(differences)}")
    states = [state for row in orm["cells"].values() for state in row]
    red = sum(1 for row in orm["cells"].values() if "missing" in row)
    print(f"same grid both ways: {len(orm['cells']):,} branches × 12 months "
          f"({states.count('ok'):,} green, {states.count('missing'):,} red, {states.count('pending'):,} in progress, "
          f"{states.count('future'):,} future; {red:,} branches with a red month), "
          f"{orm['below']:,} members below their 学时 target")

    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()  # lets the test Client's host in
    client = Client()
    client.force_login(user)
    address = f"{reverse('orglife_compliance')}?org={region.pk}&year={year}"

    def page():
        assert client.get(address).status_code == 200

    results = {}
    orm_parts, sql_parts = Laps(), Laps()
    jobs = [("grid (ORM, as the page computes it)", lambda: grid(user, region, year, today, orm_parts), orm_parts),
            ("hand-written SQL, same figures", lambda: sql_grid(region, year, today, sql_parts), sql_parts)]
    if args.page:
        jobs.append(("whole page (test Client: view + template)", page, None))
    for label, fn, parts in jobs:
        times = timed(fn, repeat=args.repeat, warmup=args.warmup)
        results[label] = times
        print(f"{label}: median {ms(median(times))} (min {ms(min(times))}, max {ms(max(times))})", flush=True)
        if parts:
            print("    " + ", ".join(f"{name} {ms(median(t[args.warmup:]))}" for name, t in parts.items()))
    orm_s, sql_s, *page_s = (median(t) for t in results.values())
    print(f"\nroot grid ÷ SQL: {orm_s / sql_s:.2f} (target ≤ {RATIO_TARGET:g}: "
          f"{'met' if orm_s / sql_s <= RATIO_TARGET else 'NOT met'})"
          + (f"; page ÷ SQL: {page_s[0] / sql_s:.2f}" if page_s else ""))
    if args.page:
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            page()
        print(f"the page makes {len(queries.captured_queries)} queries; slowest:")
        for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:6]:
            print(f"    {float(query['time']) * 1000:8.0f} ms  {query['sql'][:110]}")


def scale(url, args):
    setup_django(url, tempfile.mkdtemp(prefix="qingfeng-bench-"))
    from django.utils import timezone

    from qingfeng.orglife.models import MeetingAttendance
    from qingfeng.orgs.models import Member

    today = timezone.localdate()
    print(f"measuring a branch's compliance grid (meeting_compliance, talk_coverage, 学时 below target), "
          f"branches of about {BRANCH_SIZE} members, year {today.year}")
    print("\n".join(machine()))
    regions, results = [], []
    for i, factor in enumerate((1, 10, 100)):
        s = synth(args.base * factor, seed=i + 1)
        rows = sum(s.writer.counts.values())
        print(f"synth {args.base * factor:,} members: {rows:,} rows in {s.elapsed:.1f} s")
        vacuum_analyze()
        regions.append((factor, s, pick_branch(s.committee, BRANCH_SIZE)))
        total_members = Member.objects.count()
        total_attendance = MeetingAttendance.objects.count()
        for region_factor, region, branch in regions:
            user = region.users["org_admin"]
            parts = Laps()
            times = timed(lambda u=user, b=branch, p=parts: grid(u, b, today.year, today, p), repeat=args.repeat,
                          warmup=args.warmup)
            label = (f"branch of {branch.n} in {region_factor:>3}× region, database {total_members:>9,} members "
                     f"/ {total_attendance:>11,} meeting attendance rows")
            results.append((label, median(times)))
            print(f"{label}: grid median {ms(median(times))} (min {ms(min(times))}); "
                  + ", ".join(f"{name} {ms(median(t[args.warmup:]))}" for name, t in parts.items()))
    first = results[0][1]
    print(f"\nratios to the first measurement (same branch size; target ≤ {SCALE_TARGET}):")
    for label, seconds in results:
        print(f"  {seconds / first:5.2f} {ms(seconds):>10}   {label}")
    worst = max(seconds / first for _, seconds in results)
    print(f"largest ratio {worst:.2f}: target {'met' if worst <= SCALE_TARGET else 'NOT met'}")


if __name__ == "__main__":
    main()
