from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "qingfeng.campaigns"
    verbose_name = "专项工作"

    def ready(self):
        from qingfeng.core.permissions import Draft, Scope, register, register_action
        from qingfeng.orgs.models import Role

        from . import models as m

        kind = Role.Kind
        register_action("launch", {kind.ORG_ADMIN})  # create, edit, open and close campaigns
        register_action("choose_task", {kind.ORG_ADMIN, kind.SECRETARY})  # add a 自选动作 for one's own org

        draft = Draft("status", m.Campaign.Status.DRAFT, "launch")
        register(m.Campaign, Scope("org__path", covering=True, draft=draft))
        # Required tasks belong to the campaign, chosen ones to an org inside it: both read like the campaign.
        register(m.KeyTask, Scope("campaign__org__path", covering=True,
                                  draft=Draft("campaign__status", m.Campaign.Status.DRAFT, "launch")))
