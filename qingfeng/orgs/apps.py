from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "qingfeng.orgs"
    verbose_name = "组织与党员"

    def ready(self):
        from qingfeng.core.permissions import Directory, Scope, Sensitive, register, register_action, register_directory

        from .models import Member, Org, Role, Transfer, mask_phone, reason_kind

        register_directory(Directory(
            tree=Org,
            roles=lambda ids: Role.objects.filter(user_id__in=ids).values_list("user_id", "kind", "org__path"),
            memberships=lambda user_id: Member.objects.filter(user_id=user_id).values_list("org__path", flat=True),
        ))
        kind = Role.Kind
        viewers = {kind.ORG_ADMIN, kind.SECRETARY, kind.INSPECTOR, kind.DISCIPLINE, kind.LEADER}
        managers = {kind.ORG_ADMIN, kind.SECRETARY}
        register_action("view", viewers, own=True)
        register_action("change", managers)  # add/edit members, transfer, deactivate
        register_action("import", managers)  # roster import into the subtree
        register_action("manage_org", {kind.ORG_ADMIN})  # create and move orgs

        # Phones and the reasons for transfers and deactivations: in clear for those who manage
        # the member and for the member; masked for leaders, inspectors and discipline.
        managed = Sensitive("change", own=True)
        register(Org, Scope("path"))
        register(Role, Scope("org__path", owner="user"))
        register(Member, Scope("org__path", owner="user", sensitive={
            "phone": Sensitive("change", own=True, mask=mask_phone),
            "history_change_reason": Sensitive("change", own=True, mask=reason_kind),
        }))
        register(Transfer, Scope("to_org__path", owner="member__user", sensitive={"reason": managed}))
