from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "qingfeng.proposals"
    verbose_name = "提案与社情民意"

    def ready(self):
        from qingfeng.core.permissions import Scope, Sensitive, register, register_action
        from qingfeng.orgs.models import Role, mask_phone

        from . import counts
        from . import models as m

        counts.register()

        kind = Role.Kind
        # 受理: accept, merge, keep for reference or refuse, assign to units, close, publish the reply.
        # Held on the office's org (the org that takes items in); its phone numbers are read only there.
        register_action("intake_proposals", {kind.ORG_ADMIN, kind.SECRETARY})
        # 承办: a unit's managers post progress and, for the lead unit, the formal reply
        register_action("handle_proposals", {kind.ORG_ADMIN, kind.SECRETARY})
        # the categories the public picks from
        register_action("configure_proposals", {kind.ORG_ADMIN})

        phone = Sensitive("intake_proposals", own=True, mask=mask_phone)
        # The office's records: its managers and viewers above; a member who submitted from the app reads her own;
        # a unit reads what it was given: an item and its thread through the item's assignments (the phone stays the
        # office's: it is in clear only to who may take the item in). Not the submitter: the thread is the office's
        # and the units' (she reads what progress.public_view lists).
        register(m.Proposal, Scope("office__path", owner="submitted_by", via=("assignments",),
                                   sensitive={"contact_phone": phone}))
        register(m.Assignment, Scope("unit__path", via=("proposal__assignments",)))  # and the item's other units
        register(m.ProposalNotice, Scope("assignment__unit__path"))
        for model in (m.Progress, m.Reply, m.ProposalFile, m.Rating):
            register(model, Scope("proposal__office__path", via=("proposal__assignments",)))
