"""The 整改台账 list page at region scale: p50 / p95 of server time over requests with filters.

    .venv/bin/python bench/ledger_list.py [--members 100000] [--requests 50] [--sqlite] [--no-parallel]

Builds one synthetic region (`qingfeng.demo.synth`) in a throwaway PostgreSQL cluster (or
a SQLite file with --sqlite), runs VACUUM ANALYZE (ANALYZE on SQLite), logs in as the
region's org admin with Django's test Client and requests `ledger_list` with a rotation of
filters (none, status, overdue, campaign, kind, one branch's subtree, an owner's name, page
20). Every response must be 200. Target: p95 ≤ 150 ms. Then one request per column sort,
reported apart, and where the time goes for the unfiltered request and the slowest filter.
"""

import argparse
import tempfile
import time

from common import machine, ms, on_database, percentile, setup_django, synth


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--no-parallel", action="store_true",
                        help="PostgreSQL: max_parallel_workers_per_gather = 0 for the database")
    args = parser.parse_args()
    on_database(args.sqlite, run, args)


def run(url, args):
    with tempfile.TemporaryDirectory(prefix="qingfeng-bench-") as data_dir:  # SQLite file, static
        measure(url, args, data_dir)


def measure(url, args, data_dir):
    setup_django(url, data_dir)
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from qingfeng.ledger.models import Rectification
    from qingfeng.orgs.models import Member, Org

    setup_test_environment()  # lets the test Client's host in
    print("\n".join(machine()))
    s = synth(args.members, seed=1)
    rows = sum(s.writer.counts.values())
    print(f"synth {args.members:,} members: {rows:,} rows in {s.elapsed:.1f} s ({rows / s.elapsed:,.0f} rows/s)")
    with connection.cursor() as cursor:
        # The state autovacuum reaches a minute after the load: visibility map and hint bits set.
        # Measuring before that times autovacuum's first pass over 8 M fresh rows, which then
        # runs beside the requests on the same two cores.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        if args.no_parallel and connection.vendor == "postgresql":
            # Launching parallel workers took ~15-25 ms per query here, more than the query.
            cursor.execute(f'ALTER DATABASE "{connection.settings_dict["NAME"]}" '
                           "SET max_parallel_workers_per_gather = 0")
            cursor.execute("SET max_parallel_workers_per_gather = 0")  # this session too
            print("max_parallel_workers_per_gather = 0")
    print(f"database: {Member.objects.count():,} members, {Rectification.objects.count():,} rectifications, "
          f"{Org.objects.count():,} orgs")

    branch = Org.objects.filter(path__startswith=s.committee.path, kind=Org.Kind.BRANCH).order_by("path")[7]
    mid = Org.objects.filter(path__startswith=s.committee.path, depth=2).order_by("path").first()
    owner = Member.objects.filter(org=branch).first().name
    filters = [
        {}, {"status": "in_progress"}, {"overdue": "yes"}, {"campaign": s.campaign.pk}, {"kind": "deadline"},
        {"org": branch.pk}, {"org": mid.pk, "status": "submitted"}, {"owner": owner}, {"page": 20},
        {"campaign": s.campaign.pk, "overdue": "yes", "status": "returned"},
    ]
    client = Client()
    client.force_login(s.users["org_admin"])
    url = reverse("ledger_list")
    for params in filters:  # warm-up, and every filter must work
        response = client.get(url, params)
        assert response.status_code == 200, (params, response.status_code)
    times = {}
    for i in range(args.requests):
        params = filters[i % len(filters)]
        started = time.perf_counter()
        response = client.get(url, params)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, (params, response.status_code)
        times.setdefault(str(params), []).append(elapsed)
    every = [t for ts in times.values() for t in ts]
    # Column sorts (a header click), one request each after a warm-up: reported, not in the p95.
    sorts = {}
    for column in ["owner", "leader", "-due_date", "kind", "status", "org"]:
        client.get(url, {"sort": column})
        started = time.perf_counter()
        response = client.get(url, {"sort": column})
        sorts[column] = time.perf_counter() - started
        assert response.status_code == 200, (column, response.status_code)
    print(f"\n{len(every)} requests of {url} as {s.users['org_admin'].username}:")
    for params, ts in times.items():
        print(f"  {ms(max(ts)):>10} max  {ms(min(ts)):>10} min  {params}")
    print("column sorts (not in the p95): " + ", ".join(f"{c} {ms(t)}" for c, t in sorts.items()))
    # Where the time goes, for one unfiltered request and one of the slowest filter set:
    # SQL (count, slowest) versus the rest.
    from django.test.utils import CaptureQueriesContext

    slowest = max(times, key=lambda params: max(times[params]))
    for label, params in [("unfiltered", {}), (f"slowest filter {slowest}", {str(p): p for p in filters}[slowest])]:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            client.get(url, params)
            total = time.perf_counter() - started
        sql = sorted(((float(q["time"]), q["sql"]) for q in queries.captured_queries), reverse=True)
        print(f"{label} request: {ms(total)} in all, {len(sql)} queries taking {ms(sum(t for t, _ in sql))}; "
              "slowest:")
        for seconds, text in sql[:3]:
            print(f"  {ms(seconds):>10}  {text[:160]}")
    print(f"p50 {ms(percentile(every, 50))}, p95 {ms(percentile(every, 95))}, max {ms(max(every))} "
          f"(target p95 ≤ 150 ms; ratio p95 / target {percentile(every, 95) / 0.150:.2f})")


if __name__ == "__main__":
    main()
