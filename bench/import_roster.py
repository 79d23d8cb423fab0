"""Roster import benchmark: a fresh SQLite database, one committee, ~200 branches.

    .venv/bin/python bench/import_roster.py [--rows 100000] [--branches 200]

Times, in one run: generating the .xlsx, the first import (every row created), a
re-import of the same file (every row unchanged) and an import with every phone changed
(every row updated, with history). Not a test: pytest does not collect it.
"""

import argparse
import datetime
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup_django(data_dir: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "qingfeng.settings"
    os.environ["QF_DATA_DIR"] = data_dir
    os.environ.pop("QF_DATABASE_URL", None)  # always the fresh SQLite file in data_dir
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_world(branches: int):
    from django.contrib.auth import get_user_model

    from qingfeng.orgs.models import Org, Role

    K = Org.Kind
    committee = Org.create(None, code="C", name="基准县委", kind=K.COMMITTEE)
    codes = []
    for i in range(branches):
        committee = Org.objects.get(pk=committee.pk)  # numchild changes with each child
        branch = Org.create(committee, code=f"B{i:03d}", name=f"第{i}党支部", kind=K.BRANCH)
        Org.create(branch, code=f"B{i:03d}G1", name=f"第{i}党支部第一党小组", kind=K.GROUP)
        codes.append(branch.code)
    user = get_user_model().objects.create_user("bench-admin")
    Role.objects.create(user=user, org=committee, kind=Role.Kind.ORG_ADMIN)
    return Org.objects.get(pk=committee.pk), user, codes


def people(rows: int, codes: list[str], seed: int = 1):
    """`rows` distinct (name, birth date) people as roster rows; some optional cells left blank."""
    from qingfeng.demo import vocabulary

    rnd = random.Random(seed)
    seen = set()
    today = datetime.date.today()
    ethnicities, weights = list(vocabulary.ETHNICITIES), list(vocabulary.ETHNICITIES.values())
    while len(seen) < rows:
        gender = rnd.choice("男女")
        given = vocabulary.GIVEN_MALE if gender == "男" else vocabulary.GIVEN_FEMALE
        name = rnd.choice(vocabulary.SURNAMES) + "".join(rnd.choices(given, k=rnd.choice((1, 2))))
        birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=rnd.randrange(365 * 50))
        if (name, birth) in seen:
            continue
        seen.add((name, birth))
        earliest = birth + datetime.timedelta(days=19 * 366)  # safely past 18
        join = earliest + datetime.timedelta(days=rnd.randrange((today - earliest).days))
        code = rnd.choice(codes)
        yield [
            name, gender, "" if rnd.random() < 1 / 6 else rnd.choices(ethnicities, weights)[0],
            birth, join, rnd.choice(("正式党员", "正式党员", "预备党员")),
            "" if rnd.random() < 0.5 else rnd.choice(vocabulary.ALL_POSITIONS), rnd.choice(("否", "否", "否", "是")),
            code, f"{code}G1" if rnd.random() < 0.3 else "",
            rnd.choice(vocabulary.PHONE_PREFIXES) + f"{rnd.randrange(10**8):08d}",
        ]


def write_roster(path: Path, rows: list[list]) -> None:
    from openpyxl import Workbook

    from qingfeng.orgs.roster import COLUMNS

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    ws.append(COLUMNS)
    for r in rows:
        ws.append(r)
    wb.save(path)


def timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    print(f"{label:<34} {seconds:8.2f} s", flush=True)
    return result, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--branches", type=int, default=200)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="qf-bench-") as data_dir:
        setup_django(data_dir)
        from django.db import connection

        from qingfeng.orgs.models import Member
        from qingfeng.orgs.roster import import_roster

        into, user, codes = build_world(args.branches)
        rows, _ = timed(f"generate {args.rows} people", lambda: list(people(args.rows, codes)))
        path = Path(data_dir) / "roster.xlsx"
        _, gen = timed("write .xlsx (write_only)", lambda: write_roster(path, rows))
        for r in rows:  # every phone changes for the update run
            r[10] = r[10][:-4] + f"{(int(r[10][-4:]) + 1) % 10000:04d}"
        changed = Path(data_dir) / "roster-changed.xlsx"
        write_roster(changed, rows)

        def run(p):
            with open(p, "rb") as f:
                return import_roster(f, user, into)

        first, t_create = timed("import: all created", lambda: run(path))
        again, t_same = timed("re-import: all unchanged", lambda: run(path))
        update, t_update = timed("import: every phone changed", lambda: run(changed))

        n = args.rows
        print()
        print(f"database    {connection.vendor} {connection.Database.sqlite_version} "
              f"(WAL), {Member.objects.count()} members, "
              f"{Member.history.count()} history rows")
        print(f"file        {path.stat().st_size / 1e6:.1f} MB, {n} rows, "
              f"{args.branches} branches")
        print(f"results     {first}\n            {again}\n            {update}")
        print(f"rows/s      create {n / t_create:,.0f}, unchanged {n / t_same:,.0f}, "
              f"update {n / t_update:,.0f}; write .xlsx {n / gen:,.0f}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS    {peak:.0f} MB (whole process, rows kept in memory for the update run)")
        print(f"ratios      unchanged/create {t_same / t_create:.2f}, "
              f"update/create {t_update / t_create:.2f}")
        assert first.created == n and again.unchanged == n and update.updated == n


if __name__ == "__main__":
    main()
