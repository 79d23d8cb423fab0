"""登录账号 and 角色: opening members' accounts, resetting passwords, disabling, unlocking; giving and taking roles.

Usernames follow one rule a secretary can read out over the phone: "m" and the member's number (the id in
the address of the member's page) in six digits, e.g. m000123 for member 123. It stays the same through a
transfer; should an account made by hand already hold it, "-2", "-3", … is added.

A password a secretary sets (a new account, a reset) is random, shown once on the page that made it and never
stored in clear, and its holder must choose their own at the next sign-in (`Account.must_change_password`,
orgs.middleware).

Who may: `manage_accounts` on the member (org admins in their subtree, secretaries in their branch), and only
for an account whose every role the manager could have given themselves (`assignable`), so a secretary cannot
take over the account of a member who is also org admin above them, or discipline in their branch.

The views got every member and org they pass here through the permission rule.
"""

import io
import secrets
from dataclasses import dataclass
from functools import reduce
from operator import or_

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from qingfeng.core.permissions import can, visible_to
from qingfeng.core.spreadsheets import append, new_workbook

from .models import Account, Member, Org, Role

USERNAME_PREFIX = "m"
# Every password costs a deliberately slow Argon2 hash (0.3 s on a 2-core machine): 100 stay well inside
# gunicorn's 120 s; a larger branch opens the rest with a second click.
BULK_MAX = 100
# No 0/O, 1/l/I: read off paper and typed on a phone.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
SESSION_FLAG = "qf_must_change_password"


@dataclass(frozen=True)
class Credentials:
    """What a person needs to sign in the first time; the password exists only in this object."""

    member: Member
    username: str
    password: str


def new_password() -> str:
    """Twelve random characters in three groups, e.g. "k7Rm-x4Pq-2wHt" (about 69 bits)."""
    return "-".join("".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4)) for _ in range(3))


def base_username(member: Member) -> str:
    return f"{USERNAME_PREFIX}{member.pk:06d}"


def planned_usernames(members: list[Member]) -> dict[int, str]:
    """member id -> the username the rule gives them, past the names already taken (one query)."""
    bases = {member.pk: base_username(member) for member in members}
    if not bases:
        return {}
    wanted = reduce(or_, (Q(username=base) | Q(username__startswith=f"{base}-") for base in bases.values()))
    taken = set(get_user_model()._default_manager.filter(wanted).values_list("username", flat=True))
    planned = {}
    for member_id, base in bases.items():
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base}-{n}"
        taken.add(name)
        planned[member_id] = name
    return planned


def _flag(user, must_change: bool, reason: str) -> None:
    account, _ = Account.objects.get_or_create(user=user)
    if account.must_change_password != must_change:
        account.must_change_password = must_change
        account._change_reason = reason
        account.save()


@transaction.atomic
def open_accounts(members: list[Member]) -> list[Credentials]:
    """Open a login for each member: the username by the rule, a random password, the member role on their
    branch. All or nothing: one member who already has an account, or has left, opens none."""
    for member in members:
        if member.user_id:
            raise ValidationError(f"「{member.name}」已开通登录账号")
        if not member.is_active:
            raise ValidationError(f"「{member.name}」已停用，不能开通登录账号")
    usernames = planned_usernames(members)
    opened = []
    for member in members:
        password = new_password()
        user = get_user_model()(username=usernames[member.pk], first_name=member.name[:150])
        user.set_password(password)
        user.save()
        _flag(user, True, "开通登录账号")
        role = Role(user=user, org=member.org, kind=Role.Kind.MEMBER)
        role._change_reason = "开通登录账号"
        role.save()
        member.user = user
        member._change_reason = "开通登录账号"
        member.save(update_fields=["user"])
        opened.append(Credentials(member, user.get_username(), password))
    return opened


def _refuse_own(member: Member, by, what: str) -> None:
    if member.user_id == by.pk:
        raise ValidationError(f"不能{what}自己的账号：修改自己的密码请用“修改密码”，其余请由上级办理")


@transaction.atomic
def reset_password(member: Member, by) -> tuple[Credentials, int]:
    """A new random password the holder must change at the next sign-in; the lockout of the username, if any,
    is lifted with it (someone who forgot their password has usually locked themselves out too).

    Returns the credentials and how many lockout records were removed. Changing the password ends the
    holder's open sessions (Django checks a hash of it on every request)."""
    _refuse_own(member, by, "重置")
    user = login_of(member)
    password = new_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    _flag(user, True, "重置密码")
    return Credentials(member, user.get_username(), password), unlock(user.get_username())


def set_enabled(member: Member, enabled: bool, by) -> None:
    """停用 / 启用: a disabled user cannot sign in, and their open sessions end at their next request."""
    user = login_of(member)
    if enabled and not member.is_active:
        raise ValidationError(f"「{member.name}」已停用，请先恢复在册，再启用账号")
    if not enabled:
        _refuse_own(member, by, "停用")
    user.is_active = enabled
    user.save(update_fields=["is_active"])


def login_of(member: Member):
    if member.user is None:
        raise ValidationError(f"「{member.name}」尚未开通登录账号")
    return member.user


def locked_addresses(username: str) -> int:
    """From how many addresses the username is locked out now (django-axes locks a username per address)."""
    recent = AccessAttempt.objects.filter(username=username)
    cool_off = get_cool_off()
    if cool_off is not None:  # None: a lockout lasts until someone lifts it
        recent = recent.filter(attempt_time__gte=timezone.now() - cool_off)
    return (recent.values("ip_address").annotate(failures=Sum("failures_since_start"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT).count())


def unlock(username: str) -> int:
    """Lift the lockout of `username` from every address; returns the number of records removed."""
    return axes_reset(username=username)


# --- What follows a member's own changes (orgs.services) ---

def follow_deactivation(member: Member) -> bool:
    """A member who leaves the roll no longer signs in. True if a login was disabled."""
    user = member.user
    if user is None or not user.is_active:
        return False
    user.is_active = False
    user.save(update_fields=["is_active"])
    return True


def follow_transfer(member: Member, from_org: Org) -> None:
    """The member role goes with the member to the new branch; roles they hold as secretary and the like stay
    where they are, to be given up on the org's 角色 page by whoever decides that."""
    if member.user_id is None:
        return
    for role in Role.objects.filter(user_id=member.user_id, org=from_org, kind=Role.Kind.MEMBER):
        role._change_reason = f"组织关系转接到{member.org.name}"
        if Role.objects.filter(user_id=member.user_id, org=member.org, kind=Role.Kind.MEMBER).exists():
            role.delete()
        else:
            role.org = member.org
            role.save()


# --- Signing in with a password someone else set ---

def flag_session(sender, request, user, **kwargs) -> None:
    """On sign-in (user_logged_in): mark the session of someone who must change their password first."""
    if request is not None and hasattr(request, "session") and \
            visible_to(user, Account).filter(must_change_password=True).exists():
        request.session[SESSION_FLAG] = True


def password_changed(request, user) -> None:
    _flag(user, False, "本人修改密码")
    request.session.pop(SESSION_FLAG, None)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with the message its zh-hans catalogue lacks (Django 5.2 shows it in English)."""

    def get_error_message(self):
        return f"密码太短，至少需要 {self.min_length} 个字符。"


# --- Who may ---

def assignable(manager, org: Org) -> list[str]:
    """The role kinds `manager` may give and take away on `org`: every kind for an org admin over it; for a
    secretary only secretary and member, never the read-only or confidential roles, which reach further."""
    if can(manager, "manage_roles", org):
        return list(Role.Kind.values)
    if can(manager, "manage_accounts", org):
        return [Role.Kind.SECRETARY, Role.Kind.MEMBER]
    return []


def may_manage(manager, member: Member) -> bool:
    """May `manager` open, reset, disable or unlock `member`'s account? Every role the account holds must be one
    the manager could give (one query for those roles)."""
    if not can(manager, "manage_accounts", member):
        return False
    if member.user_id is None:
        return True
    roles = Role.objects.filter(user_id=member.user_id).select_related("org")
    return all(role.kind in assignable(manager, role.org) for role in roles)


def account_panel(manager, member: Member) -> dict | None:
    """What the member page shows a manager about the member's login, or None for who may not manage it."""
    if not can(manager, "manage_accounts", member):
        return None
    user = member.user
    panel = {"user": user, "may": may_manage(manager, member), "own": user is not None and user.pk == manager.pk}
    if user is None:
        panel["planned"] = planned_usernames([member])[member.pk]
    else:
        account = getattr(user, "qf_account", None)  # joined by the member page
        panel["must_change"] = account is not None and account.must_change_password
        panel["locked"] = locked_addresses(user.get_username())
    return panel


# --- Roles ---

def assign_role(org: Org, user, kind: str) -> Role:
    if Role.objects.filter(user=user, org=org, kind=kind).exists():
        raise ValidationError({"username": f"「{user.get_username()}」已在{org.name}担任{Role.Kind(kind).label}"})
    role = Role(user=user, org=org, kind=kind)
    role._change_reason = "分配角色"
    role.save()
    return role


def remove_role(role: Role, by) -> None:
    if role.user_id == by.pk:
        raise ValidationError("不能撤销自己的角色，请由上级办理")
    role._change_reason = "撤销角色"
    role.delete()  # the history keeps it, with who and when


# --- The sheet of a bulk opening ---

CREDENTIAL_COLUMNS = [("姓名", 12), ("所在支部", 28), ("用户名", 16), ("初始密码", 20)]


def credentials_workbook(opened: list[Credentials], title: str, login_url: str) -> bytes:
    """The usernames and initial passwords as .xlsx, to print and hand out: a title, one bordered row per person
    in a size read off paper, the passwords in a typewriter face (no 0/O, 1/l confusion), A4 with the header on
    every page."""
    book = new_workbook()
    sheet = book.active
    sheet.title = "登录账号"
    append(sheet, [title])
    append(sheet, [column for column, _ in CREDENTIAL_COLUMNS])
    for credentials in opened:
        append(sheet, [credentials.member.name, credentials.member.org.name, credentials.username,
                       credentials.password])
    append(sheet, [])
    append(sheet, [f"登录地址：{login_url}"])
    append(sheet, ["首次登录后须修改密码。初始密码只提供这一次，遗失请找书记重置。"])

    thin = Side(style="thin")
    sheet["A1"].font = Font(bold=True, size=14)
    for row in sheet.iter_rows(min_row=2, max_row=len(opened) + 2):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(vertical="center")
            cell.font = Font(size=12, bold=cell.row == 2, name="Courier New" if cell.column == 4 and cell.row > 2
                             else None)
        sheet.row_dimensions[row[0].row].height = 22
    for index, (_, width) in enumerate(CREDENTIAL_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    written = io.BytesIO()
    book.save(written)
    return written.getvalue()
