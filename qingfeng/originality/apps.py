from django.apps import AppConfig


class OriginalityConfig(AppConfig):
    name = "qingfeng.originality"
    verbose_name = "查重"

    def ready(self):
        from qingfeng.core.audit import register_label
        from qingfeng.core.jobs import register_kind
        from qingfeng.core.permissions import Scope, register, register_action
        from qingfeng.inspection.signals import inspection_shown, inspection_submitted
        from qingfeng.orgs.models import Role
        from qingfeng.study.signals import reflection_shown, reflection_submitted

        from . import checks, report
        from . import models as m

        kind = Role.Kind
        # import and delete the texts of an org's template library (范文库), used by its whole subtree
        register_action("manage_library", {kind.ORG_ADMIN, kind.SECRETARY})
        # set a campaign's flag line
        register_action("configure_originality", {kind.ORG_ADMIN})
        register(m.LibraryText, Scope("org__path"))
        # A check's report: the org's managers and viewers above, and the member whose submission it is.
        register(m.Document, Scope("org__path", owner="member__user"))
        register(m.Match, Scope("document__org__path", owner="document__member__user"))
        register_kind("originality", "qingfeng.originality.checks.run_job", label="查重")
        register_label("originality.library_import", "导入范文库")
        register_label("originality.library_delete", "删除范文")

        reflection_submitted.connect(checks.reflection_submitted, dispatch_uid="originality.reflection_submitted")
        inspection_submitted.connect(checks.inspection_submitted, dispatch_uid="originality.inspection_submitted")
        reflection_shown.connect(report.shown, dispatch_uid="originality.reflection_shown")
        inspection_shown.connect(report.shown, dispatch_uid="originality.inspection_shown")
