"""Row counts and sample rows of every table of QingFeng's database, read with plain SQL.

    table_snapshot.py dump FILE      write the snapshot of the database QF_DATABASE_URL (or
                                     the SQLite file under QF_DATA_DIR) as JSON
    table_snapshot.py compare A B    fail unless every table of A is in B with the same row
                                     count and the same sample rows (on the columns both have);
                                     Django's bookkeeping tables (GROWING) only must not shrink

Used by scripts/check-upgrade.sh: no Django, so the same script reads the database before and
after the new code migrates it.
"""

import json
import os
import sys
from pathlib import Path

SAMPLE = 20  # rows per table, the first by primary key, and as many from the end
# Django's bookkeeping, which every upgrade changes by design: a row per migration applied, a content
# type and its permissions per new model, a renamed model's content type renamed in place.
GROWING = {"django_migrations", "django_content_type", "auth_permission"}
# Tables a release drops on purpose. Only tables of derived data, which nothing is lost by dropping, belong here.
RETIRED = {"reports_figuresnapshot": "dashboard snapshots, replaced by the counts kept with every change (orgs_tally)"}


def connect():
    url = os.environ.get("QF_DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        return psycopg.connect(url), "postgres"
    import sqlite3

    return sqlite3.connect(Path(os.environ["QF_DATA_DIR"]) / "qingfeng.sqlite3"), "sqlite"


def tables(cursor, engine) -> list[str]:
    if engine == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return sorted(row[0] for row in cursor.fetchall())


def columns(cursor, table) -> list[str]:
    cursor.execute(f'SELECT * FROM "{table}" WHERE 1 = 0')
    return [d[0] for d in cursor.description]


def dump(path: str) -> None:
    connection, engine = connect()
    cursor = connection.cursor()
    snapshot = {}
    for table in tables(cursor, engine):
        names = columns(cursor, table)
        order = '"id"' if "id" in names else ", ".join(f'"{n}"' for n in names[:3])
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        count = cursor.fetchone()[0]
        rows = []
        for direction in ("ASC", "DESC"):
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY {order.replace(",", f" {direction},")} {direction} '
                           f"LIMIT {SAMPLE}")
            rows += [dict(zip(names, map(str, row), strict=True)) for row in cursor.fetchall()]
        snapshot[table] = {"count": count, "rows": rows}
    Path(path).write_text(json.dumps(snapshot, ensure_ascii=False, indent=1))
    print(f"{len(snapshot)} tables, {sum(t['count'] for t in snapshot.values())} rows")


def compare(before_path: str, after_path: str) -> int:
    before = json.loads(Path(before_path).read_text())
    after = json.loads(Path(after_path).read_text())
    problems = []
    for table, old in before.items():
        new = after.get(table)
        if new is None:
            if table in RETIRED:
                print(f"retired: {table} ({old['count']} rows): {RETIRED[table]}")
            else:
                problems.append(f"{table}: gone ({old['count']} rows)")
            continue
        if table in GROWING:
            if new["count"] < old["count"]:
                problems.append(f"{table}: {old['count']} rows before, {new['count']} after")
            continue
        if new["count"] != old["count"]:
            problems.append(f"{table}: {old['count']} rows before, {new['count']} after")
        shared = sorted(set(old["rows"][0]) & set(new["rows"][0])) if old["rows"] and new["rows"] else []
        if [[r[k] for k in shared] for r in old["rows"]] != [[r[k] for k in shared] for r in new["rows"]]:
            problems.append(f"{table}: sample rows differ")
    for problem in problems:
        print("UPGRADE CHECK:", problem)
    print(f"compared {len(before)} tables: {'OK' if not problems else f'{len(problems)} problems'}"
          f"; new tables: {', '.join(sorted(set(after) - set(before))) or 'none'}")
    return 1 if problems else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["dump"]:
        dump(sys.argv[2])
    elif sys.argv[1:2] == ["compare"]:
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__)
