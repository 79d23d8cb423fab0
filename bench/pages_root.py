"""The pages of a region's root that are not the dashboard, at region scale: server time, no verdict.

    .venv/bin/python bench/pages_root.py [--members 500000] [--repeat 3]

Builds one synthetic region (`synth`, with its year of meetings) in a throwaway PostgreSQL cluster, runs
VACUUM ANALYZE, then requests each page below as the region's org admin and as its discipline user through the
WSGI application (`common.Server`, as gunicorn serves it): one warm-up, then the median of --repeat. A survey of
what a region's 组织部 waits for beside the dashboard (whose own benchmark is `dashboard_root.py`): 我的, the
campaign page, the module lists (心得体会, 对照检查, 承诺书, 查摆问题 — lists of the whole region, paged, which
count what they list), the 组织生活合规 page (its first page, page 100 with page 1,000 of the members below 学时,
last year — a year before any meeting, which the kept counts do not hold — and the members' table asked to sort
by a column, which past `SORTABLE` members is not followed: the page's own order again), the meeting and talk lists.
Prints a line per page; no target.
"""

import argparse
import datetime
import statistics
import tempfile
import time

from common import Server, machine, on_database, setup_django, synth


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=500_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    on_database(False, run, args)


def run(url, args):
    with tempfile.TemporaryDirectory(prefix="qingfeng-bench-") as data_dir:
        setup_django(url, data_dir)
        from django.db import connection
        from django.urls import reverse

        print("\n".join(machine()))
        s = synth(args.members, seed=1)
        print(f"synth {args.members:,} members in {s.elapsed:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        c = s.campaign.pk
        compliance = reverse("orglife_compliance")
        last_year = str(datetime.date.today().year - 1)
        pages = [("我的", reverse("my_work"), {}),
                 ("dashboard", reverse("campaign_dashboard", args=[c]), {}),
                 ("campaign page", reverse("campaign_detail", args=[c]), {}),
                 ("心得体会 list", reverse("reflection_list", args=[c]), {}),
                 ("对照检查 list", reverse("inspection_list", args=[c]), {}),
                 ("承诺书 list", reverse("commitment_list", args=[c]), {}),
                 ("查摆问题 list", reverse("problem_list", args=[c]), {}),
                 ("组织生活合规", compliance, {}),
                 ("  page 100, members p1000", compliance, {"page": "100", "hours-page": "1000"}),
                 (f"  {last_year}", compliance, {"year": last_year}),
                 ("  members, sort asked", compliance, {"hours-sort": "name"}),
                 ("meeting list", reverse("meeting_list"), {}),
                 ("talk list", reverse("talk_list"), {})]
        for kind in ("org_admin", "discipline"):
            client = Server(s.users[kind])
            print(f"\nas {s.users[kind].username}:")
            for name, path, params in pages:
                times = []
                for _ in range(args.repeat + 1):
                    started = time.perf_counter()
                    status = client.get(path, params)
                    times.append(time.perf_counter() - started)
                    assert status == 200, (name, status)
                print(f"  {name:<28} median {statistics.median(times[1:]) * 1000:9.1f} ms", flush=True)


if __name__ == "__main__":
    main()
