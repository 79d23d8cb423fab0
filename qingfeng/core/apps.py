from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "qingfeng.core"
    verbose_name = "核心"

    def ready(self):
        from .models import Job, Notification
        from .permissions import Scope, register

        # A person's own bell and own background jobs: nobody else's.
        register(Notification, Scope(None, owner="user"))
        register(Job, Scope(None, owner="requested_by"))
