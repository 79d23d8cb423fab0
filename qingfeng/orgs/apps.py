from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "qingfeng.orgs"
    verbose_name = "组织与党员"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from qingfeng.core.audit import register_label
        from qingfeng.core.permissions import Directory, Scope, Sensitive, register, register_action, register_directory

        from . import figures
        from .accounts import flag_session
        from .models import Account, Member, Org, Role, Transfer, mask_phone, reason_kind

        figures.register()
        post_migrate.connect(figures.count_after_upgrade, sender=self, dispatch_uid="orgs.count_after_upgrade")
        register_directory(Directory(
            tree=Org,
            roles=lambda ids: Role.objects.filter(user_id__in=ids).values_list("user_id", "kind", "org__path"),
            memberships=lambda user_id: Member.objects.filter(user_id=user_id).values_list("org__path", flat=True),
            holders=lambda kinds, paths: [
                (role.user, role.org.path) for role in Role.objects.filter(
                    kind__in=kinds, org__path__in=paths, user__is_active=True).select_related("user", "org")
                .order_by("pk")],
        ))
        kind = Role.Kind
        viewers = {kind.ORG_ADMIN, kind.SECRETARY, kind.INSPECTOR, kind.DISCIPLINE, kind.LEADER}
        managers = {kind.ORG_ADMIN, kind.SECRETARY}
        register_action("view", viewers, own=True)
        register_action("change", managers)  # add/edit members, transfer, deactivate
        register_action("import", managers)  # roster import into the subtree
        register_action("manage_org", {kind.ORG_ADMIN})  # create and move orgs
        # open, reset, disable and unlock members' accounts; give and take the secretary and member roles
        register_action("manage_accounts", managers)
        register_action("manage_roles", {kind.ORG_ADMIN})  # give and take every kind of role (orgs.accounts)
        register_label("account.enable", "启用账号")
        register_action("audit", {kind.ORG_ADMIN})  # read the subtree's 审计日志 (core.audit)
        register_label("role.add", "分配角色")
        register_label("role.remove", "撤销角色")

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
        register(Account, Scope(None, owner="user"))  # read by its holder alone; managers act through services
        user_logged_in.connect(flag_session, dispatch_uid="qingfeng.orgs.flag_session")
