"""Writes with the aggregates kept (orgs.tallies) against the same writes without them. Target: ≤ 1.3× each.

    .venv/bin/python bench/writes.py [--members 100000] [--synth-rounds 2] [--changes 200] [--import-rows 100000]
                                     [--import-rounds 2] [--no-orglife] [--sqlite]
    .venv/bin/python bench/writes.py --members 5000 --synth-rounds 1 --changes 40 --import-rows 5000 \
                                     --import-rounds 1   # quick

In one throwaway PostgreSQL cluster (or SQLite files with --sqlite), three writes, each done with the
aggregates kept as in production and inside `tallies.suspended()` (nothing kept):

- **synth**: `synth(--members)`, each time in a fresh database of its own and a fresh process, inside
  `suspended()` and as in production, where synth ends by counting the region it wrote, in its transaction
  (`tallies.fill`: it writes rows directly, past the aggregates). --synth-rounds rounds, each one synth with and
  one without, the order swapped every round (ABBA…), each after a CHECKPOINT: run second, after the other,
  the synth with the counts spent 1–5 s more outside its count than the one without in four pairs of five
  (2026-12-02), so the order must not favour either.
  Ratio of the medians: (synth + count) ÷ synth.
- **a status change**: on the region made with the aggregates, --changes rectifications 待验收 are accepted
  (验收销号) or returned (退回), alternately, by the region's org admin through
  `ledger.workflow.rectification_workflow.perform` (its own transaction, the permission check, the history
  row, the notifications); each change alternates with and without `suspended()`. Ratio of the medians.
- **a roster import**: `orgs.roster.import_roster` of an --import-rows .xlsx (invented people, as
  bench/import_roster.py writes them) into a fresh committee of 200 branches, as its org admin; every row
  created. --import-rounds rounds, each one import with and one without, the order swapped every round
  (ABBA…), each into its own committee with its own people. Ratio of the medians.

Verdict: met iff every ratio ≤ 1.3. When `qingfeng.orgs.tallies` does not exist, only the writes without
are timed and that is said.
"""

import argparse
import multiprocessing
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from common import machine, ms, postgres_cluster, setup_django, synth

RATIO_TARGET = 1.3
BRANCHES = 200  # per import committee, as bench/import_roster.py


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000, help="synth: the region's members")
    parser.add_argument("--synth-rounds", type=int, default=2, help="each round: one synth with, one without")
    parser.add_argument("--changes", type=int, default=200, help="status changes, half with, half without")
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--import-rounds", type=int, default=2, help="each round: one import with, one without")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-orglife", action="store_true", help="synth without the year's meetings")
    parser.add_argument("--sqlite", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("QF_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    with tempfile.TemporaryDirectory(prefix="qingfeng-bench-") as data_dir:
        if args.sqlite:
            run(None, data_dir, args)
        else:
            with postgres_cluster() as url:
                run(url, data_dir, args)


def tallies_module():
    try:
        from qingfeng.orgs import tallies
    except ImportError:
        return None
    return tallies


def run(url, data_dir, args):
    context = multiprocessing.get_context("spawn")
    # synth, each time in a fresh database and a fresh process, so no run finds another's rows
    plan = []
    for round_ in range(args.synth_rounds):
        plan += [(variant, round_) for variant in (("without", "with") if round_ % 2 == 0 else ("with", "without"))]
    places = {}
    for variant, round_ in plan:
        places[(variant, round_)] = (new_database(url, f"qingfeng_{variant}_{round_}") if url else None,
                                     str(Path(data_dir) / f"{variant}_{round_}"))
        Path(places[(variant, round_)][1]).mkdir()
    synth_times: dict[str, list[dict]] = {"without": [], "with": []}
    for variant, round_ in plan:
        if url:
            checkpoint(url)
        with context.Pool(1) as pool:
            result = pool.apply(synth_once, (*places[(variant, round_)], args, variant))
        if result is None:
            print("qingfeng.orgs.tallies does not exist yet: only the writes without aggregates are timed")
            plan = [step for step in plan if step[0] == "without"]
            continue
        synth_times[variant].append(result)
        extra = f", of which counting its region {result['rebuild']:.1f} s" if variant == "with" else ""
        print(f"synth {args.members:,} members, {variant} aggregates: {result['rows']:,} rows in "
              f"{result['synth']:.1f} s{extra}", flush=True)

    have_tallies = bool(synth_times["with"])
    work_url, work_dir = places[next(step for step in reversed(plan) if step[0] == ("with" if have_tallies
                                                                                   else "without"))]
    setup_django(work_url, work_dir)
    print("\n".join(machine()))
    tallies = tallies_module()
    changes = status_changes(args, tallies)
    imports = roster_imports(args, tallies)

    print("\nwrites with the aggregates kept ÷ without (target ≤ 1.3 each):")
    ratios = {}
    if have_tallies:
        without = statistics.median(r["synth"] for r in synth_times["without"])
        # synth's own time includes the count of its region at its end
        kept = statistics.median(r["synth"] for r in synth_times["with"])
        counting = statistics.median(r["rebuild"] for r in synth_times["with"])
        ratios["synth + count"] = kept / without
        print(f"  synth {args.members:,} members: median without {without:.1f} s; with {kept:.1f} s, of which "
              f"counting its region {counting:.1f} s: ratio {ratios['synth + count']:.2f}")
    for label, times in [("status change", changes), (f"import of {args.import_rows:,} members", imports)]:
        line = f"  {label}: median without {fmt(times['without'])}"
        if times.get("with"):
            ratios[label] = statistics.median(times["with"]) / statistics.median(times["without"])
            line += f", with {fmt(times['with'])}: ratio {ratios[label]:.2f}"
        print(line)
    if not have_tallies:
        print("no verdict: qingfeng.orgs.tallies does not exist yet")
        return
    met = all(ratio <= RATIO_TARGET for ratio in ratios.values())
    worst = max(ratios, key=ratios.get)
    print(f"verdict: {'met' if met else 'NOT met'} (largest ratio {ratios[worst]:.2f}, {worst})")


def fmt(times: list[float]) -> str:
    median = statistics.median(times)
    return ms(median) if median < 1 else f"{median:.2f} s"


def checkpoint(url: str) -> None:
    """Write out what the cluster holds dirty (the previous synth's rows), so each synth starts alike."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("CHECKPOINT")
    os.sync()


def new_database(url: str, name: str) -> str:
    """A new database in the cluster of `url`; its URL."""
    import psycopg

    base = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def synth_once(url, data_dir, args, variant):
    """In a fresh process and database: synth, inside `suspended()` (without) or as in production, where it ends
    by counting its region (its time includes that count)."""
    os.environ.setdefault("QF_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    setup_django(url, data_dir)
    from django.db import connection

    tallies = tallies_module()
    if tallies is None and variant == "with":
        return None
    if variant == "without" and tallies is not None:
        with tallies.suspended():
            s = synth(args.members, seed=args.seed, orglife=not args.no_orglife)
        rebuild = 0.0
    else:
        s = synth(args.members, seed=args.seed, orglife=not args.no_orglife)
        rebuild = getattr(s, "tally_seconds", 0.0)  # synth counts the region it wrote (tallies.fill)
    with connection.cursor() as cursor:  # the state autovacuum reaches a minute after the load
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {"synth": s.elapsed, "rebuild": rebuild, "rows": sum(s.writer.counts.values())}


def status_changes(args, tallies) -> dict:
    """Accept or return --changes submitted rectifications, alternately with and without the aggregates."""
    from qingfeng.ledger.models import Evidence, Problem, Rectification
    from qingfeng.ledger.workflow import rectification_workflow
    from qingfeng.orgs.models import Org, Role

    committee = Org.objects.filter(depth=1, code__startswith="SYN").latest("pk")
    admin = Role.objects.get(org=committee, kind=Role.Kind.ORG_ADMIN, user__username__endswith="-orgadmin").user
    submitted = list(Rectification.objects.filter(
        status=Rectification.Status.SUBMITTED, org__path__startswith=committee.path,
        pk__in=Evidence.objects.values("rectification_id"))
        .exclude(problem__source__in=Problem.CONFIDENTIAL_SOURCES).order_by("pk").values_list("pk", flat=True))
    random.Random(args.seed).shuffle(submitted)
    needed = args.changes + 4
    if len(submitted) < needed:
        raise SystemExit(f"only {len(submitted):,} submitted rectifications with evidence; lower --changes")
    times = {"with": [], "without": []}
    for i, pk in enumerate(submitted[:needed]):
        transition = "accept" if i % 2 == 0 else "return"
        variant = "with" if (i // 2) % 2 == 0 else "without"  # accept and return each with and without
        if tallies is None:
            variant = "without"
        rectification = Rectification.objects.get(pk=pk)
        started = time.perf_counter()
        if variant == "without" and tallies is not None:
            with tallies.suspended():
                rectification_workflow.perform(admin, rectification, transition, "基准测试")
        else:
            rectification_workflow.perform(admin, rectification, transition, "基准测试")
        elapsed = time.perf_counter() - started
        if i >= 4:  # the first four warm up
            times[variant].append(elapsed)
    print(f"status changes ({args.changes} of {len(submitted):,} submitted, accept and return by "
          f"{admin.username}): without p50 {fmt(times['without'])}"
          + (f", with p50 {fmt(times['with'])}" if times["with"] else ""), flush=True)
    # What one more accept costs in SQL, each way.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    spare = submitted[needed:needed + 2]
    for variant, pk in zip(["without", "with"] if tallies is not None else ["without"], spare, strict=False):
        rectification = Rectification.objects.get(pk=pk)
        with CaptureQueriesContext(connection) as queries:
            if variant == "without" and tallies is not None:
                with tallies.suspended():
                    rectification_workflow.perform(admin, rectification, "accept", "基准测试")
            else:
                rectification_workflow.perform(admin, rectification, "accept", "基准测试")
        sql = sorted(((float(q["time"]), q["sql"]) for q in queries.captured_queries), reverse=True)
        print(f"  one accept {variant} aggregates: {len(sql)} queries taking {ms(sum(t for t, _ in sql))}; slowest: "
              + "; ".join(f"{ms(t)} {' '.join(text.split())[:90]}" for t, text in sql[:2]))
    return times


def roster_imports(args, tallies) -> dict:
    """Import --import-rows new members into fresh committees, with and without the aggregates, ABBA."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from import_roster import people, write_roster

    from qingfeng.orgs.models import Member, Org, Role
    from qingfeng.orgs.roster import import_roster

    variants = ["without", "with"] if tallies is not None else ["without"]
    plan = []
    for round_ in range(args.import_rounds):
        plan += variants if round_ % 2 == 0 else variants[::-1]
    # Distinct people over all imports, none already in the database (synth's members): a person registered
    # elsewhere would be refused (the import is all rows or none).
    needed = args.import_rows * len(plan)
    pool = list(people(needed + needed // 5 + 100, ["X"], seed=args.seed))
    names = sorted({row[0] for row in pool})
    taken = set()
    for start in range(0, len(names), 5000):
        taken.update(Member.objects.filter(name__in=names[start:start + 5000]).values_list("name", "birth_date"))
    pool = [row for row in pool if (row[0], row[3]) not in taken][:needed]
    assert len(pool) == needed, "too many invented people are already members; change --seed"
    rng = random.Random(args.seed)
    times = {"with": [], "without": []}
    folder = Path(tempfile.mkdtemp(prefix="qingfeng-bench-roster-"))
    for n, variant in enumerate(plan):
        code = f"IMP{n + 1}"
        committee = Org.create(None, code=code, name=f"导入基准{n + 1}区委", kind=Org.Kind.COMMITTEE)
        codes = []
        for b in range(BRANCHES):
            committee = Org.objects.get(pk=committee.pk)  # numchild changes with each child
            branch = Org.create(committee, code=f"{code}B{b:03d}", name=f"导入基准{n + 1}第{b}党支部",
                                kind=Org.Kind.BRANCH)
            Org.create(branch, code=f"{branch.code}G1", name=f"{branch.name}第一党小组", kind=Org.Kind.GROUP)
            codes.append(branch.code)
        user = get_user_model().objects.create_user(f"imp{n + 1}-admin")
        Role.objects.create(user=user, org=committee, kind=Role.Kind.ORG_ADMIN)
        rows = pool[n * args.import_rows:(n + 1) * args.import_rows]
        for row in rows:
            row[8] = rng.choice(codes)
            row[9] = f"{row[8]}G1" if row[9] else ""
        path = folder / f"{code}.xlsx"
        write_roster(path, rows)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE orgs_member")
        committee = Org.objects.get(pk=committee.pk)
        started = time.perf_counter()
        with open(path, "rb") as f:
            if variant == "without" and tallies is not None:
                with tallies.suspended():
                    result = import_roster(f, user, committee)
            else:
                result = import_roster(f, user, committee)
        elapsed = time.perf_counter() - started
        assert result.created == args.import_rows, result
        times[variant].append(elapsed)
        print(f"import {n + 1} ({variant} aggregates): {args.import_rows:,} members created in {elapsed:.1f} s",
              flush=True)
    return times


if __name__ == "__main__":
    main()
