from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "qingfeng.campaigns"
    verbose_name = "专项工作"

    def ready(self):
        from qingfeng.core.permissions import Scope, register

        from . import models as m

        register(m.Campaign, Scope("org__path", covering=True, draft=("status", m.Campaign.Status.DRAFT)))
        register(m.StudyActivity, Scope("org__path"))
        register(m.StudyMaterial, Scope("activity__org__path"))
        register(m.Attendance, Scope("activity__org__path", owner="member__user"))
        for model in (m.Reflection, m.SelfInspection, m.Commitment):
            register(model, Scope("org__path", owner="member__user"))
