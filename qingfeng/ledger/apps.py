from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "qingfeng.ledger"
    verbose_name = "整改台账"

    def ready(self):
        from django.db.models.signals import post_save

        from qingfeng.core.audit import register_label
        from qingfeng.core.jobs import register_kind
        from qingfeng.core.permissions import Confidential, Scope, Sensitive, register, register_action
        from qingfeng.inspection.signals import inspection_shown, inspection_submitted
        from qingfeng.orgs.models import Role

        from . import counts, inspections, notifications
        from . import models as m

        counts.register()

        kind = Role.Kind
        managers = {kind.ORG_ADMIN, kind.SECRETARY}
        register_action("register_problem", managers | {kind.INSPECTOR, kind.DISCIPLINE})
        register_action("assign", managers)  # give a problem its rectifications
        register_action("reopen", {kind.INSPECTOR, kind.DISCIPLINE}, not_on_own=True)  # 回头看
        register_action("supervise", {kind.ORG_ADMIN, kind.INSPECTOR, kind.DISCIPLINE}, not_on_own=True)
        register_action("see_confidential", {kind.DISCIPLINE})

        # Problems from 纪检监察 and 信访举报, and all that hangs off them, answer to discipline alone
        # (and to the person concerned, who never sees the source details).
        def secret(lookup):
            return Confidential(lookup, m.Problem.CONFIDENTIAL_SOURCES, frozenset({kind.DISCIPLINE}))

        register(m.Problem, Scope("org__path", owner="member__user", confidential=secret("source"),
                                  sensitive={"confidential_detail": Sensitive("see_confidential")}))
        # The 责任领导 reads the rectifications they answer for, unless confidential.
        register(m.Rectification, Scope("org__path", owner="owner__user", readers=("leader__user",),
                                        confidential=secret("problem__source")))
        for model in (m.Evidence, m.FollowUp, m.Supervision):
            register(model, Scope("rectification__org__path", owner="rectification__owner__user",
                                  readers=("rectification__leader__user",),
                                  confidential=secret("rectification__problem__source")))
        register_kind("ledger_xlsx", "qingfeng.ledger.exports.run_job", label="导出整改台账")
        register_label("export.ledger", "导出整改台账")
        # A submitted self-inspection's findings become problems, in its transaction; its page lists them.
        inspection_submitted.connect(inspections.problems_from_findings, dispatch_uid="ledger.problems_from_findings")
        inspection_shown.connect(inspections.problems_of_inspection, dispatch_uid="ledger.problems_of_inspection")
        # A problem registered about a member is told to them, however it was registered (ledger.notifications).
        post_save.connect(notifications.problem_registered, sender=m.Problem, dispatch_uid="ledger.problem_registered")
