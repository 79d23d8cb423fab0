"""A 100,000-row 整改台账 .xlsx export, as the background job writes it. Target: ≤ 60 s, memory flat.

    .venv/bin/python bench/export_ledger.py [--members 35000] [--rows 100000] [--small-rows 20000] [--sqlite]
                                            [--verify]

Builds one synthetic region (`qingfeng.demo.synth`; about 2.9 rectifications per member,
so 35,000 members give about 102,000) in a throwaway PostgreSQL cluster (or a SQLite file
with --sqlite) and runs ANALYZE. Then it deletes the visible rectifications after the first
ROWS by id, so that what the region's org admin sees is exactly ROWS rows (confidential
ones, which the org admin does not see, stay). A Job with no filter is then run
by `core.jobs.run_job` — the huey task body, called in-process — which calls
`ledger.exports.run_job` as the org admin: the same filter, queryset, writer, progress
updates and audit entry as in production. The job runs in a fresh process (like a huey
consumer), so its peak memory is its own. Printed: seconds, rows/s, file size, peak RSS and
the SQL queries the job made, by kind. --verify reads the file back (slow) and checks the
row count and merged ranges.

Memory: the export runs twice, at ROWS and then (after dropping more rows) at SMALL_ROWS, each in
its own fresh process. The peak RSS of both is printed, and "flat" iff the larger export's peak is
within 1.2× the smaller's + 10 MB (exports.py's docstring says memory stays flat whatever the rows).
"""

import argparse
import multiprocessing
import os
import tempfile
import time
from collections import Counter
from pathlib import Path

from common import machine, on_database, setup_django, synth

FLAT_FACTOR = 1.2  # the larger export's peak memory within this of the smaller's …
FLAT_SLACK_MB = 10  # … plus this


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=35_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--small-rows", type=int, default=20_000, help="the smaller export, for the memory check")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--verify", action="store_true", help="read the file back and check it (slow)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qingfeng-bench-") as data_dir:  # the SQLite file, the .xlsx
        on_database(args.sqlite, run, data_dir, args)


def run(url, data_dir, args):
    setup_django(url, data_dir)
    from qingfeng.orgs.models import Role

    print("\n".join(machine()))
    s = synth(args.members, seed=args.seed)
    rows = sum(s.writer.counts.values())
    print(f"synth {args.members:,} members: {rows:,} rows, "
          f"{s.writer.counts['ledger.Rectification']:,} rectifications in {s.elapsed:.1f} s")
    admin = s.users[Role.Kind.ORG_ADMIN]
    peaks = {}
    for size in sorted({args.rows, args.small_rows}, reverse=True):  # the larger first: rows are dropped
        peaks[size] = export_once(url, data_dir, args, admin, size)
    if len(peaks) == 2:
        small, large = args.small_rows, args.rows
        (small_peak, small_base), (large_peak, large_base) = peaks[small], peaks[large]
        flat = large_peak <= FLAT_FACTOR * small_peak + FLAT_SLACK_MB
        print(f"\npeak RSS: {small:,} rows {small_peak:.0f} MB ({small_peak - small_base:.0f} MB above the process "
              f"before the job), {large:,} rows {large_peak:.0f} MB ({large_peak - large_base:.0f} MB above); "
              f"ratio {large_peak / small_peak:.2f} for {large / small:.0f}× the rows; "
              f"{'flat' if flat else 'NOT flat'} (flat: ≤ {FLAT_FACTOR:g}× + {FLAT_SLACK_MB} MB)")


def export_once(url, data_dir, args, admin, rows_wanted: int) -> tuple[float, float]:
    """Cut the org admin's view to `rows_wanted` rows, export them in a fresh process; (peak, base) MB."""
    from django.db import connection

    from qingfeng.core.models import Job
    from qingfeng.core.permissions import visible_to
    from qingfeng.ledger import exports
    from qingfeng.ledger.models import Evidence, FollowUp, Rectification, Supervision

    visible = visible_to(admin, Rectification)
    ids = list(visible.order_by("pk").values_list("pk", flat=True))
    if len(ids) < rows_wanted:
        raise SystemExit(f"only {len(ids):,} rectifications visible to the org admin; raise --members")
    # Exactly ROWS rows for the org admin's unfiltered export: drop the visible tail by id.
    extra = ids[rows_wanted:]
    # Plain DELETEs (`_raw_delete`: no signals, so no history row and no aggregate upkeep per deleted row,
    # which took minutes for 40,000 rows; the export reads neither).
    for start in range(0, len(extra), 5000):
        batch = extra[start:start + 5000]
        for model in (Evidence, FollowUp, Supervision):  # protected foreign keys: children first
            model.objects.filter(rectification__in=batch)._raw_delete(connection.alias)
        Rectification.objects.filter(pk__in=batch)._raw_delete(connection.alias)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    total = exports.rectification_count(exports.filter_for(admin, {}).qs)
    assert total == rows_wanted, total
    print(f"\nthe org admin ({admin.username}) sees {total:,} rectifications after dropping {len(extra):,} "
          f"(of {Rectification.objects.count():,} in the database)")
    job = Job.objects.create(kind=exports.KIND, params={}, total=total, requested_by=admin)
    connection.close()

    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        result = pool.apply(export_job, (url, data_dir, job.pk))
    job.refresh_from_db()
    assert (job.status, job.done) == ("done", total), (job.status, job.done, job.error)
    path = Path(job.file.path)
    size = path.stat().st_size
    seconds = result["seconds"]
    print(f"export job ({'SQLite' if url is None else 'PostgreSQL'}), {total:,} rows as {admin.username}:")
    print(f"  {seconds:.1f} s in all, {total / seconds:,.0f} rows/s; of which Workbook.save {result['save']:.1f} s "
          f"and reading rows and writing cells {seconds - result['save']:.1f} s; CPU time of the job's process "
          f"{result['cpu']:.1f} s (the rest is waiting: the database, other processes)")
    print(f"  file {size / 1024 / 1024:.1f} MB ({job.filename})")
    print(f"  peak RSS of the job's process {result['peak_mb']:.0f} MB ({result['base_mb']:.0f} MB before the job, "
          f"{result['rows_peak_mb']:.0f} MB before Workbook.save: the rest is the save)")
    print(f"  {result['queries']} SQL queries, {result['sql']:.1f} s in execute() as Django times it (fetching the "
          "rows in chunks afterwards not included):")
    for kind, n in sorted(result["by_kind"].items(), key=lambda kv: -kv[1]):
        print(f"    {n:>5}  {kind}")
    print(f"  target ≤ 60 s: ratio {seconds / 60:.2f}")
    if args.verify:
        verify(path, total)
    return result["peak_mb"], result["base_mb"]


def export_job(url, data_dir, job_pk):
    """In a fresh process: run the job as huey's consumer would, measuring time, memory and SQL."""
    setup_django(url, data_dir)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from openpyxl.workbook.workbook import Workbook

    from qingfeng.core.jobs import run_job

    saved, before_save = [], []
    save = Workbook.save

    def timed_save(self, filename):
        before_save.append(rss_kib("VmHWM"))  # the peak while the rows were read and written
        started = time.perf_counter()
        save(self, filename)
        saved.append(time.perf_counter() - started)

    Workbook.save = timed_save
    connection.ensure_connection()
    base = rss_kib("VmRSS")
    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        run_job.call_local(job_pk)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    by_kind = Counter(query_kind(q["sql"]) for q in queries.captured_queries)
    return {"seconds": seconds, "cpu": cpu, "save": sum(saved), "queries": len(queries.captured_queries),
            "sql": sum(float(q["time"]) for q in queries.captured_queries),
            "by_kind": dict(by_kind), "base_mb": base / 1024, "peak_mb": rss_kib("VmHWM") / 1024,
            "rows_peak_mb": before_save[0] / 1024}


def query_kind(sql: str) -> str:
    words = sql.split()
    verb = words[0].upper()
    table = next((w.strip('"') for prev, w in zip(words, words[1:], strict=False)
                  if prev.upper() in ("FROM", "UPDATE", "INTO")), "?")
    return f"{verb} {table}"


def rss_kib(field: str) -> int:
    for line in Path(f"/proc/{os.getpid()}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def verify(path: Path, total: int):
    from openpyxl import load_workbook

    started = time.perf_counter()
    ws = load_workbook(path).active
    column = [c.value for c in ws[2]].index("整改措施")  # after 所属组织 when the org has sub-orgs
    measures = sum(1 for r in ws.iter_rows(min_row=3, values_only=True) if r[column])
    merged = len(ws.merged_cells.ranges)
    print(f"verify: {measures:,} measures, {merged:,} merged ranges, header {[c.value for c in ws[2]][:3]}…, "
          f"freeze {ws.freeze_panes}, print titles {ws.print_title_rows} "
          f"({time.perf_counter() - started:.1f} s to read back)")
    assert measures == total, measures


if __name__ == "__main__":
    main()
