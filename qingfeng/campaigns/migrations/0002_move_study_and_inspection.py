from django.db import migrations


class Migration(migrations.Migration):
    """StudyActivity, StudyMaterial, Attendance and Reflection moved to the study app, SelfInspection,
    InspectionAnswer and Commitment to the inspection app, with their tables: their 0001 migrations
    take them into Django's state first, then this one drops them from campaigns' state. The
    database is not touched."""

    dependencies = [
        ('campaigns', '0001_initial'),
        ('study', '0001_initial'),
        ('inspection', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
            # Those that point at another moved model go first.
            migrations.DeleteModel(name='InspectionAnswer'),
            migrations.DeleteModel(name='Attendance'),
            migrations.DeleteModel(name='StudyMaterial'),
            migrations.DeleteModel(name='SelfInspection'),
            migrations.DeleteModel(name='StudyActivity'),
            migrations.DeleteModel(name='Reflection'),
            migrations.DeleteModel(name='Commitment'),
            migrations.DeleteModel(name='HistoricalSelfInspection'),
            migrations.DeleteModel(name='HistoricalStudyActivity'),
            migrations.DeleteModel(name='HistoricalReflection'),
        ]),
    ]
