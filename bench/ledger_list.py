"""The 整改台账 list page at region scale: p50 / p95 of server time over requests with filters.

    .venv/bin/python bench/ledger_list.py [--members 100000] [--requests 50] [--sqlite]

Builds one synthetic region (`qingfeng.core.synth`) in a throwaway PostgreSQL cluster (or
a SQLite file with --sqlite), runs ANALYZE, logs in as the region's org admin with Django's
test Client and requests `ledger_list` with a rotation of filters (none, status, overdue,
campaign, kind, one branch's subtree, an owner's name, page 20). Every response must be 200.
Target: p95 ≤ 150 ms.
"""

import argparse
import tempfile
import time

from common import machine, ms, percentile, postgres_cluster, setup_django, synth


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--sqlite", action="store_true")
    args = parser.parse_args()
    if args.sqlite:
        run(None, args)
    else:
        with postgres_cluster() as url:
            run(url, args)


def run(url, args):
    setup_django(url, tempfile.mkdtemp(prefix="qingfeng-bench-"))
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
        cursor.execute("ANALYZE")
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
    print(f"\n{len(every)} requests of {url} as {s.users['org_admin'].username}:")
    for params, ts in times.items():
        print(f"  {ms(max(ts)):>10} max  {ms(min(ts)):>10} min  {params}")
    # Where the time goes, for one unfiltered request: SQL (count, slowest) versus the rest.
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        client.get(url)
        total = time.perf_counter() - started
    sql = sorted(((float(q["time"]), q["sql"]) for q in queries.captured_queries), reverse=True)
    print(f"unfiltered request: {ms(total)} in all, {len(sql)} queries taking {ms(sum(t for t, _ in sql))}; "
          "slowest:")
    for seconds, text in sql[:3]:
        print(f"  {ms(seconds):>10}  {text[:160]}")
    print(f"p50 {ms(percentile(every, 50))}, p95 {ms(percentile(every, 95))}, max {ms(max(every))} "
          f"(target p95 ≤ 150 ms; ratio p95 / target {percentile(every, 95) / 0.150:.2f})")


if __name__ == "__main__":
    main()
