from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "qingfeng.reports"
    verbose_name = "统计报表"
