"""A branch's campaign figures as the data grows around it: cost must follow the subtree.

    .venv/bin/python bench/dashboard_scale.py [--base 2000] [--sqlite]

Builds, in one database (a throwaway PostgreSQL cluster, or SQLite with --sqlite), three
synthetic regions of BASE, 10×BASE and 100×BASE members, each with its own campaign.
After each region is added (and ANALYZE run), it times the figures of one branch of each
region present, the branches chosen with (nearly) the same number of members, 40. So the same branch is
timed over 1×, 11× and 111× the data, and branches of the same size in campaigns 10× and
100× larger. Two things are timed, as the region's org admin: `campaign_figures` alone, and the
branch's dashboard figures as the view computes them (`campaign_figures`, `sub_org_figures`,
`accepted_per_week`, `overdue_list` of `qingfeng.reports.figures`). Prints medians and the
ratios to the first measurement (target ≤ 1.5).
"""

import argparse
import tempfile

from common import machine, median, ms, on_database, pick_branch, setup_django, synth, timed

BRANCH_SIZE = 40


def dashboard(campaign, user, org):
    """The figures the dashboard view asks for, for `org`."""
    from qingfeng.reports import figures as f

    f.campaign_figures(campaign, user, org)
    f.sub_org_figures(campaign, user, org)
    f.accepted_per_week(campaign, user, org)
    f.overdue_list(campaign, user, org)


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
    on_database(args.sqlite, run, args)


def run(url, args):
    setup_django(url, tempfile.mkdtemp(prefix="qingfeng-bench-"))
    from qingfeng.ledger.models import Rectification
    from qingfeng.orgs.models import Member
    from qingfeng.reports.figures import campaign_figures

    print(f"measuring campaign_figures and the whole dashboard's figures, branches of about {BRANCH_SIZE} members")
    print("\n".join(machine()))
    regions = []
    results = []  # (label, campaign_figures seconds, dashboard seconds)
    for i, factor in enumerate((1, 10, 100)):
        s = synth(args.base * factor, seed=i + 1)
        rows = sum(s.writer.counts.values())
        print(f"synth {args.base * factor:,} members: {rows:,} rows in {s.elapsed:.1f} s "
              f"({rows / s.elapsed:,.0f} rows/s)")
        analyze()
        regions.append((factor, s, pick_branch(s.committee, BRANCH_SIZE)))
        total_members = Member.objects.count()
        total_rect = Rectification.objects.count()
        for region_factor, region, branch in regions:
            user = region.users["org_admin"]
            figures = timed(lambda c=region.campaign, u=user, b=branch: campaign_figures(c, u, b), repeat=args.repeat)
            page = timed(lambda c=region.campaign, u=user, b=branch: dashboard(c, u, b), repeat=args.repeat)
            label = (f"branch of {branch.n} in {region_factor:>3}× campaign, database {total_members:>9,} members "
                     f"/ {total_rect:>10,} rectifications")
            results.append((label, median(figures), median(page)))
            print(f"{label}: campaign_figures median {ms(median(figures))} (min {ms(min(figures))}), "
                  f"dashboard median {ms(median(page))} (min {ms(min(page))})")
    first = results[0]
    print("\nratios to the first measurement (same branch size; target ≤ 1.5):")
    print("  campaign_figures     dashboard figures")
    for label, figures, page in results:
        print(f"  {figures / first[1]:5.2f} {ms(figures):>10}   {page / first[2]:5.2f} {ms(page):>10}   {label}")
    worst = max(max(figures / first[1], page / first[2]) for _, figures, page in results)
    print(f"largest ratio {worst:.2f}: target {'met' if worst <= 1.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
