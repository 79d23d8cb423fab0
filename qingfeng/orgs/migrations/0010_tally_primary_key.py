"""The kept counts keyed by their key alone: the unique key becomes the primary key, and the id beside it goes with
its index (every count written maintained both). Django cannot turn a table's primary key into a composite one, so
the table is made anew, empty: its rows are derived data, counted again from the records once the migrations are
applied (`orgs.figures.COUNT_AFTER`). On PostgreSQL the key's index also carries `n` (INCLUDE), for index-only
reads; Django's state knows the key without it (SQLite has no INCLUDE)."""

import django.db.models.deletion
from django.db import migrations, models

KEY = '"org_id", "rolled", "scope", "family", "secret", "key"'


def key_with_count(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT conname FROM pg_constraint WHERE conrelid = 'orgs_tally'::regclass AND contype = 'p'")
        (name,) = cursor.fetchone()
    schema_editor.execute(f'ALTER TABLE "orgs_tally" DROP CONSTRAINT "{name}", '
                          f'ADD CONSTRAINT "{name}" PRIMARY KEY ({KEY}) INCLUDE ("n")')


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0009_tally_key'),
    ]

    operations = [
        migrations.DeleteModel(name='Tally'),
        migrations.CreateModel(
            name='Tally',
            fields=[
                ('pk', models.CompositePrimaryKey('org', 'rolled', 'scope', 'family', 'secret', 'key', blank=True,
                                                  editable=False, primary_key=True, serialize=False)),
                ('scope', models.CharField(blank=True, max_length=20)),
                ('rolled', models.BooleanField()),
                ('family', models.CharField(max_length=20)),
                ('secret', models.BooleanField()),
                ('key', models.CharField(blank=True, max_length=120)),
                ('n', models.BigIntegerField()),
                ('org', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE,
                                          related_name='+', to='orgs.org')),
            ],
        ),
        migrations.RunPython(key_with_count, migrations.RunPython.noop),
    ]
