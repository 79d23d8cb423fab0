"""One index on the kept counts instead of two: the unique key, org first, serves the upserts, the reads and the
foreign key. On PostgreSQL it carries `n` (INCLUDE) for index-only reads, as the index `tally_rows` did; Django's
state knows the constraint without it (SQLite has no INCLUDE)."""

from django.db import migrations, models


class AddKeyWithCount(migrations.AddConstraint):
    """AddConstraint, but on PostgreSQL the constraint's index also carries `n`."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        schema_editor.execute('ALTER TABLE "orgs_tally" ADD CONSTRAINT "tally_key" '
                              'UNIQUE ("org_id", "rolled", "scope", "family", "secret", "key") INCLUDE ("n")')


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0008_tally_rows'),
    ]

    operations = [
        AddKeyWithCount(
            model_name='tally',
            constraint=models.UniqueConstraint(fields=['org', 'rolled', 'scope', 'family', 'secret', 'key'],
                                               name='tally_key'),
        ),
        migrations.RemoveConstraint(model_name='tally', name='one_tally_row'),
        migrations.RemoveIndex(model_name='tally', name='tally_rows'),
    ]
