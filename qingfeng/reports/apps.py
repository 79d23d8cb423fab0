from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "qingfeng.reports"
    verbose_name = "统计报表"

    def ready(self):
        from qingfeng.campaigns.signals import campaign_shown
        from qingfeng.core.audit import register_label
        from qingfeng.core.jobs import register_kind
        from qingfeng.core.permissions import Scope, register

        from . import campaign_page, summary
        from .models import ComplianceNotice, SummaryText

        register_label("export.inspection", "导出对照检查材料")
        register_label("export.summary", "导出工作总结报告")
        register_kind("inspection_archive", "qingfeng.reports.inspection_archive.run_job", label="下载全部对照检查材料")
        register_label("export.inspection_archive", "批量导出对照检查材料")
        register_label("export.meeting_record", "导出会议记录")
        register_label("export.meeting_register", "导出会议台账")
        register_label("export.proposal_appraisal", "导出提案办理考评表")
        # A report's texts read like the org they are about; writing them is "launch" (summary.may_write).
        register(SummaryText, Scope("org__path"))
        register(ComplianceNotice, Scope("org__path"))
        # Connected first, so the launcher's 编写总结报告 heads the column that offers the report's download.
        campaign_shown.connect(summary.summary_text_link, dispatch_uid="reports.summary_text_link")
        campaign_shown.connect(campaign_page.campaign_figures_panel, dispatch_uid="reports.campaign_figures_panel")
