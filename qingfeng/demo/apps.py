from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo county and campaign, and synthetic regions for benchmarks: on top of every other app."""

    name = "qingfeng.demo"
    verbose_name = "演示与合成数据"
