"""The kept counts' family `to_review` (study.counts: reflections 待审阅 per org): once applied, orgs.figures counts
the family from the records (`count_after`), so an upgraded database shows 我的 right from the first page. And the
index 我的 walks for the newest reflections 待审阅."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("study", "0003_activity_hours"), ("orgs", "0010_tally_primary_key")]
    operations = [
        migrations.AddIndex(
            model_name="reflection",
            index=models.Index(condition=models.Q(("status", "submitted")), fields=["-created_at"],
                               name="reflection_to_review"),
        ),
    ]
