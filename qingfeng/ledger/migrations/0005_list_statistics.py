"""PostgreSQL: finer planner statistics for the two conditions the 整改台账 list filters by (docs/benchmarks.md,
"Ledger list at region scale").

With the default (100 histogram buckets) the planner took a sub-committee's orgs (`path LIKE '0001000I%'`, 160 of a
region's 42,016 orgs) and a whole name as 责任人 (`UPPER(name) LIKE '廖娥%'`, 59 of 500,000 members) for about 1 % of
the rows each, so it walked the list's order index to find a page (130 ms and 0.7-3.4 s), where 0.4 % and 0.01 %
read through the org and name indexes take 8-10 ms. A thousand buckets on `orgs_org.path` and on the name index's
expression give estimates near the truth; ANALYZE of the two tables reads at most 300,000 rows. SQLite plans
without such statistics and is left as it is.
"""

from django.db import migrations

TARGETS = [  # (what, statistics target)
    ("TABLE orgs_org ALTER COLUMN path", 1000),
    ("INDEX ledger_owner_name_prefix ALTER COLUMN 1", 1000),  # the index of migration 0002
]


def set_targets(apps, schema_editor, default=False):
    if schema_editor.connection.vendor == "postgresql":
        for what, target in TARGETS:
            schema_editor.execute(f"ALTER {what} SET STATISTICS {-1 if default else target}")
        schema_editor.execute("ANALYZE orgs_org, orgs_member")


def set_default_targets(apps, schema_editor):
    set_targets(apps, schema_editor, default=True)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0004_ranked_counts"), ("orgs", "0010_tally_primary_key")]
    operations = [migrations.RunPython(set_targets, set_default_targets)]
