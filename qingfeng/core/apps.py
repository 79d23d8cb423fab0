from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "qingfeng.core"
    verbose_name = "核心"

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from . import audit
        from .models import AuditEntry, Job, Notification
        from .permissions import Scope, register

        # A person's own bell and own background jobs: nobody else's.
        register(Notification, Scope(None, owner="user"))
        register(Job, Scope(None, owner="requested_by"))
        # The audit log, by the org it is filed under; read with the "audit" action, which orgs registers
        # (core names no role).
        register(AuditEntry, Scope("org_path", read_with="audit"))
        user_logged_in.connect(audit.signed_in, dispatch_uid="core.audit.signed_in")
        user_logged_out.connect(audit.signed_out, dispatch_uid="core.audit.signed_out")
        user_login_failed.connect(audit.sign_in_failed, dispatch_uid="core.audit.sign_in_failed")
        user_locked_out.connect(audit.locked_out, dispatch_uid="core.audit.locked_out")
