"""Attendance records 出席 / 请假 / 缺席 instead of a present tick: each old row keeps what it said
(ticked → 出席, unticked → 缺席), and its reason moves to `reason`, for a 请假 or a 缺席 alike."""

from django.db import migrations, models


def from_present(apps, schema_editor):
    Attendance = apps.get_model("study", "Attendance")
    Attendance.objects.filter(present=False).update(status="absent")


def to_present(apps, schema_editor):
    Attendance = apps.get_model("study", "Attendance")
    Attendance.objects.exclude(status="present").update(present=False)


class Migration(migrations.Migration):

    dependencies = [
        ("study", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="attendance",
            name="status",
            field=models.CharField(choices=[("present", "出席"), ("leave", "请假"), ("absent", "缺席")],
                                   default="present", max_length=10, verbose_name="出勤"),
        ),
        migrations.RunPython(from_present, to_present),
        migrations.RemoveField(model_name="attendance", name="present"),
        migrations.RenameField(model_name="attendance", old_name="absence_reason", new_name="reason"),
        migrations.AlterField(
            model_name="attendance",
            name="reason",
            field=models.CharField(blank=True, max_length=200, verbose_name="请假或缺席原因"),
        ),
    ]
