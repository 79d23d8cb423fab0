from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "qingfeng.reports"
    verbose_name = "统计报表"

    def ready(self):
        from qingfeng.campaigns.signals import campaign_shown

        from . import campaign_page

        campaign_shown.connect(campaign_page.campaign_figures_panel, dispatch_uid="reports.campaign_figures_panel")
