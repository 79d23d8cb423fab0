"""The kept counts' family `ranked` (ledger.counts): no schema change; once applied, orgs.figures counts the
family from the records (`count_after`), so an upgraded database ranks its sub-orgs right from the first page."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("ledger", "0003_rectification_return_reason"), ("orgs", "0006_tally")]
    operations = []
