from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0007_tally_org_families'),
    ]

    # the covering index first, then the one it replaces (both lead with org: the foreign key always has one)
    operations = [
        migrations.AddIndex(
            model_name='tally',
            index=models.Index(fields=['org', 'rolled', 'scope', 'family', 'secret', 'key', 'n'], name='tally_rows'),
        ),
        migrations.RemoveIndex(
            model_name='tally',
            name='tally_org_families',
        ),
    ]
