"""A GET writes nothing: every URL of the matrix, as every role, leaves the row count of every table as it was.

Counted: each model's table (history tables included, so an update made through save() shows as a
history row), the many-to-many tables, sessions and django-axes. The session row a logged-in
request may update (org_detail keeps the working org in it) is the same row, so its count holds.
"""

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from qingfeng.tests.conftest import url_args
from qingfeng.tests.url_matrix import ROLES, TABLE


def row_counts() -> dict[str, int]:
    """One COUNT per table, in one query."""
    tables = sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True)
                     if m._meta.managed and not m._meta.proxy})
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables))
        return dict(zip(tables, cursor.fetchone(), strict=True))


def rows():
    for name, declared in sorted(TABLE.items()):
        for row in declared:
            yield pytest.param(name, row, id=f"{name}[{row.label}]")


@pytest.mark.parametrize(("name", "row"), list(rows()))
def test_a_get_changes_no_table_for_any_role(site, client, settings, name, row):
    settings.EXPORT_SYNC_MAX_ROWS = 0  # every export is a large one, the kind a POST would start as a job
    changed = {}
    for role in ROLES:
        side = "b" if role == "sec_b" else "a"  # each role inside its own scope
        client.logout()
        if role != "anonymous":
            client.force_login(site.users[role])
        before = row_counts()
        client.get(reverse(name, args=url_args(site, row.kinds, side)))
        after = row_counts()
        if after != before:
            changed[role] = {table: after[table] - n for table, n in before.items() if after[table] != n}
    assert changed == {}
