from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "qingfeng.inspection"
    verbose_name = "对照检查"

    def ready(self):
        from qingfeng.core.permissions import Scope, register

        from . import counts
        from . import models as m

        counts.register()

        for model in (m.SelfInspection, m.Commitment):
            register(model, Scope("org__path", owner="member__user"))
        register(m.InspectionAnswer, Scope("inspection__org__path", owner="inspection__member__user"))
