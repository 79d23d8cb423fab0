# Job: a `result` for jobs whose outcome is data; verbose names of any job, not only an export's.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_rename_exportjob_job'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='job',
            options={'ordering': ['-created_at'], 'verbose_name': '后台任务', 'verbose_name_plural': '后台任务'},
        ),
        migrations.AddField(
            model_name='job',
            name='result',
            field=models.JSONField(blank=True, null=True, verbose_name='结果'),
        ),
        migrations.AlterField(
            model_name='job',
            name='done',
            field=models.PositiveIntegerField(default=0, verbose_name='已完成数'),
        ),
        migrations.AlterField(
            model_name='job',
            name='kind',
            field=models.CharField(max_length=40, verbose_name='类型'),
        ),
        migrations.AlterField(
            model_name='job',
            name='params',
            field=models.JSONField(blank=True, default=dict, verbose_name='参数'),
        ),
        migrations.AlterField(
            model_name='job',
            name='status',
            field=models.CharField(choices=[('pending', '排队中'), ('running', '进行中'), ('done', '已完成'), ('failed', '失败')], default='pending', max_length=10, verbose_name='状态'),
        ),
        migrations.AlterField(
            model_name='job',
            name='total',
            field=models.PositiveIntegerField(default=0, verbose_name='总数'),
        ),
    ]
