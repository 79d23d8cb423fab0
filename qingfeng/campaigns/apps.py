from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "qingfeng.campaigns"
    verbose_name = "专项工作"

    def ready(self):
        from qingfeng.core.permissions import Draft, Scope, register, register_action
        from qingfeng.orgs.models import Role

        from . import models as m

        kind = Role.Kind
        managers = {kind.ORG_ADMIN, kind.SECRETARY}
        register_action("launch", {kind.ORG_ADMIN})  # create, edit, open and close campaigns
        register_action("record_study", managers)  # study activities and attendance
        # accept or return reflections and rectifications; never one's own: that goes to those above
        register_action("review", managers, not_on_own=True)

        draft = Draft("status", m.Campaign.Status.DRAFT, "launch")
        register(m.Campaign, Scope("org__path", covering=True, draft=draft))
        # Required tasks belong to the campaign, chosen ones to an org inside it: both read like the campaign.
        register(m.KeyTask, Scope("campaign__org__path", covering=True,
                                  draft=Draft("campaign__status", m.Campaign.Status.DRAFT, "launch")))
        # An activity has no owner: attending it is what lets a member read it and its materials.
        register(m.StudyActivity, Scope("org__path", readers=("attendance__member__user",)))
        register(m.StudyMaterial, Scope("activity__org__path", readers=("activity__attendance__member__user",)))
        register(m.Attendance, Scope("activity__org__path", owner="member__user"))
        for model in (m.Reflection, m.SelfInspection, m.Commitment):
            register(model, Scope("org__path", owner="member__user"))
        register(m.InspectionAnswer, Scope("inspection__org__path", owner="inspection__member__user"))
