from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "qingfeng.ledger"
    verbose_name = "整改台账"

    def ready(self):
        from qingfeng.core.permissions import Scope, register

        from . import models as m

        register(m.Problem, Scope("org__path", owner="member__user", source="source"))
        register(m.Rectification, Scope("org__path", owner="owner__user", source="problem__source"))
        for model in (m.Evidence, m.FollowUp, m.Supervision):
            register(model, Scope("rectification__org__path", owner="rectification__owner__user",
                                  source="rectification__problem__source"))
