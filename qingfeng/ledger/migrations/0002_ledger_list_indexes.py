"""Indexes for the 整改台账 list at region scale (docs/benchmarks.md, "Ledger list at region scale").

- `rectification_order`: the list's default order (due date, then id), so its first page
  reads 25 rows in index order instead of sorting every visible rectification.
- `rectification_kind_order`: the 类型 filter and the 类型 column's sort, which orders by
  (kind, due date, id) for the same reason.
- PostgreSQL only (raw SQL: operator classes on an expression, which the models do not declare), on the org tables the list's filters read (SQLite has no operator classes,
  and its data is small):
  `ledger_owner_name_prefix` serves the 责任人 filter, which matches the start of the owner's
  name, `UPPER(name) LIKE 'X%'`, whatever the database's collation;
  `ledger_org_depth_path` serves the 组织 filter's options, the orgs at a given depth under a
  path prefix, which otherwise read every org of the region.

The first two are declared on `Rectification.Meta.indexes`.
"""

from django.db import migrations, models

POSTGRES_INDEXES = {
    "ledger_owner_name_prefix": "orgs_member (UPPER(name::text) text_pattern_ops)",
    "ledger_org_depth_path": "orgs_org (depth, path varchar_pattern_ops)",
}


def create_postgres_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, target in POSTGRES_INDEXES.items():
            schema_editor.execute(f"CREATE INDEX {name} ON {target}")


def drop_postgres_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in POSTGRES_INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial"), ("orgs", "0001_initial")]

    operations = [
        migrations.AddIndex(
            model_name="rectification",
            index=models.Index(fields=["due_date", "id"], name="rectification_order"),
        ),
        migrations.AddIndex(
            model_name="rectification",
            index=models.Index(fields=["kind", "due_date", "id"], name="rectification_kind_order"),
        ),
        migrations.RunPython(create_postgres_indexes, drop_postgres_indexes),
    ]
