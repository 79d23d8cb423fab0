from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "qingfeng.study"
    verbose_name = "学习"

    def ready(self):
        from qingfeng.core.permissions import Scope, register, register_action
        from qingfeng.orgs.models import Role

        from . import counts
        from . import models as m

        counts.register()

        kind = Role.Kind
        managers = {kind.ORG_ADMIN, kind.SECRETARY}
        register_action("record_study", managers)  # study activities and attendance
        # accept or return reflections (and, in the ledger above, rectifications); never one's own:
        # that goes to those above
        register_action("review", managers, not_on_own=True)

        # An activity has no owner: attending it is what lets a member read it and its materials.
        register(m.StudyActivity, Scope("org__path", readers=("attendance__member__user",)))
        register(m.StudyMaterial, Scope("activity__org__path", readers=("activity__attendance__member__user",)))
        register(m.Attendance, Scope("activity__org__path", owner="member__user"))
        register(m.Reflection, Scope("org__path", owner="member__user"))
