from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "qingfeng.reports"
    verbose_name = "统计报表"

    def ready(self):
        from qingfeng.campaigns.signals import campaign_shown
        from qingfeng.core.audit import register_label

        from . import campaign_page

        register_label("export.inspection", "导出对照检查材料")
        register_label("export.summary", "导出工作总结报告")
        campaign_shown.connect(campaign_page.campaign_figures_panel, dispatch_uid="reports.campaign_figures_panel")
