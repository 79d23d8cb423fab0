from django.db import migrations

DEFAULTS = ["经济发展", "民生保障", "作风建设", "基层治理", "生态环境", "其他"]


def add_defaults(apps, schema_editor):
    Category = apps.get_model("proposals", "Category")
    for order, name in enumerate(DEFAULTS):
        Category.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
