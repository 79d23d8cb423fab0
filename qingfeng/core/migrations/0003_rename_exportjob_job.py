# ExportJob becomes Job, a background job of any kind. The table keeps its name (core_exportjob):
# its db_table is set to that name first, so RenameModel renames the model, its content type and
# nothing in the database.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_exportjob'),
    ]

    operations = [
        migrations.AlterModelTable(name='exportjob', table='core_exportjob'),
        migrations.RenameModel(old_name='ExportJob', new_name='Job'),
    ]
