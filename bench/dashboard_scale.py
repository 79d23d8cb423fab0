"""A branch's campaign figures as the data grows around it: cost must follow the subtree.

    .venv/bin/python bench/dashboard_scale.py [--base 2000] [--sqlite]

Builds, in one database (a throwaway PostgreSQL cluster, or SQLite with --sqlite), three
synthetic regions of BASE, 10×BASE and 100×BASE members, each with its own campaign.
After each region is added (and ANALYZE run), it times the figures of one branch of each
region present, the branches chosen with (nearly) the same number of members, 40. So the same branch is
timed over 1×, 11× and 111× the data, and branches of the same size in campaigns 10× and
100× larger. Measures `qingfeng.reports.figures.campaign_figures` when that module exists,
else `qingfeng.campaigns.progress.campaign_counts`. Prints medians and ratios to the first.
"""

import argparse
import importlib.util
import tempfile

from common import machine, median, ms, postgres_cluster, setup_django, synth, timed

BRANCH_SIZE = 40


def figures_function():
    if importlib.util.find_spec("qingfeng.reports.figures"):
        from qingfeng.reports.figures import campaign_figures

        return "qingfeng.reports.figures.campaign_figures", campaign_figures
    from qingfeng.campaigns.progress import campaign_counts

    return "qingfeng.campaigns.progress.campaign_counts", campaign_counts


def pick_branch(region):
    from django.db.models import Count

    from qingfeng.orgs.models import Org

    branches = (Org.objects.filter(path__startswith=region.committee.path, kind=Org.Kind.BRANCH)
                .annotate(n=Count("members")).order_by("path"))
    return min(branches, key=lambda b: (abs(b.n - BRANCH_SIZE), b.path))


def analyze():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", type=int, default=2000, help="members of the smallest region")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--sqlite", action="store_true", help="SQLite file instead of PostgreSQL")
    args = parser.parse_args()
    if args.sqlite:
        run(None, args)
    else:
        with postgres_cluster() as url:
            run(url, args)


def run(url, args):
    setup_django(url, tempfile.mkdtemp(prefix="qingfeng-bench-"))
    from qingfeng.ledger.models import Rectification
    from qingfeng.orgs.models import Member

    name, figures = figures_function()
    print(f"measuring {name}, branches of about {BRANCH_SIZE} members")
    print("\n".join(machine()))
    regions = []
    results = []  # (label, seconds)
    for i, factor in enumerate((1, 10, 100)):
        s = synth(args.base * factor, seed=i + 1)
        rows = sum(s.writer.counts.values())
        print(f"synth {args.base * factor:,} members: {rows:,} rows in {s.elapsed:.1f} s "
              f"({rows / s.elapsed:,.0f} rows/s)")
        analyze()
        regions.append((factor, s, pick_branch(s)))
        total_members = Member.objects.count()
        total_rect = Rectification.objects.count()
        for region_factor, region, branch in regions:
            user = region.users["org_admin"]
            times = timed(lambda c=region.campaign, u=user, b=branch: figures(c, u, b), repeat=args.repeat)
            label = (f"branch of {branch.n} in {region_factor:>3}× campaign, database {total_members:>9,} members "
                     f"/ {total_rect:>10,} rectifications")
            results.append((label, median(times)))
            print(f"{label}: median {ms(median(times))} (min {ms(min(times))})")
    first = results[0][1]
    print("\nratios to the first measurement (same branch size; target ≤ 1.5):")
    for label, seconds in results:
        print(f"  {seconds / first:5.2f}  {ms(seconds):>10}  {label}")


if __name__ == "__main__":
    main()
