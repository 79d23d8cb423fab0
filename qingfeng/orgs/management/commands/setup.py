"""`qingfeng setup --org-name NAME --org-code CODE --admin USERNAME`: the first run of a new installation.

Creates the top committee and its first org admin, in one transaction, on a database without any org. The
password comes from QF_SETUP_PASSWORD or is asked twice; Django's password validators judge it.
"""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from qingfeng.core import audit
from qingfeng.orgs.models import Org, Role

PASSWORD_VARIABLE = "QF_SETUP_PASSWORD"


def _refusal(chinese: str, english: str, error: ValidationError | None = None, model=None) -> CommandError:
    """A CommandError (exit status 1) in both languages, listing the validators' reasons by field."""
    reasons = []
    if error is not None and hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            label = model._meta.get_field(field).verbose_name if model and field != "__all__" else ""
            reasons += [f"{label}：{message}" if label else message for message in messages]
    elif error is not None:
        reasons = error.messages
    return CommandError(f"{chinese} / {english}" + "".join(f"\n  - {reason}" for reason in reasons))


class Command(BaseCommand):
    help = ("首次运行：建立顶层党委和它的第一位党务管理员（已有党组织时拒绝）/ "
            "First run: create the top committee and its first org admin (refused once any org exists).")

    def add_arguments(self, parser):
        parser.add_argument("--org-name", required=True, help="顶层党委的名称，如“清风县委” / the committee's name")
        parser.add_argument("--org-code", required=True, help="组织编码：字母、数字、_、- / the committee's code")
        parser.add_argument("--admin", required=True, help="党务管理员的登录用户名 / the org admin's username")

    def handle(self, *args, org_name, org_code, admin, **options):
        if Org.objects.exists():
            raise _refusal("已有党组织，不能再次初始化；请登录后在系统中管理组织和账号。",
                           "An organization already exists: setup runs only on an empty database.")
        user = get_user_model()(username=admin)
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as error:
            raise _refusal("管理员用户名不可用。", "The admin username cannot be used.", error, type(user)) from None
        password = self._password()
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise _refusal("密码不符合要求。", "The password is too weak.", error) from None
        user.set_password(password)
        try:
            with transaction.atomic():
                committee = Org.create(None, name=org_name, code=org_code, kind=Org.Kind.COMMITTEE)
                user.save()
                role = Role(user=user, org=committee, kind=Role.Kind.ORG_ADMIN)
                role._change_reason = "首次运行（qingfeng setup）"  # the role's history says where it came from
                role.save()
                audit.record("setup", user=user, org=committee,
                             detail=f"建立顶层党委“{committee.name}”（{committee.code}）和党务管理员 {user.username}")
        except ValidationError as error:
            raise _refusal("组织名称或编码不正确，未做任何更改。",
                           "The org name or code is invalid; nothing was saved.", error, Org) from None
        self.stdout.write(self.style.SUCCESS(
            f"已建立顶层党委“{committee.name}”（{committee.code}），党务管理员 {user.username} 可以登录了。\n"
            f"Created the committee {committee.code} and its org admin {user.username}, who can now sign in."))

    def _password(self) -> str:
        if PASSWORD_VARIABLE in os.environ:
            return os.environ[PASSWORD_VARIABLE]
        try:
            password = getpass.getpass("管理员密码 / Password: ")
            again = getpass.getpass("再次输入密码 / Password (again): ")
        except (EOFError, KeyboardInterrupt):
            raise _refusal(f"没有输入密码：请在终端中运行，或设置环境变量 {PASSWORD_VARIABLE}。",
                           f"No password given: run it in a terminal or set {PASSWORD_VARIABLE}.") from None
        if password != again:
            raise _refusal("两次输入的密码不一致，未做任何更改。", "The passwords do not match; nothing was saved.")
        return password
