"""The audit log: who did what, when, from which address (issue #10).

Every security-relevant act calls `record`: sign-ins, failures and lockouts (the receivers below, connected in
core/apps.py), sign-outs, exports of personal data, account and role changes. Each is one `AuditEntry` row in the
database, whatever the log level. The org admins of the subtree at the entry's `org_path` read it on the 审计日志
page (core/views_audit.py).

A failed write fails the act (fail closed): the entry goes to the same database as the act itself, so a write that
fails means the act's own writes are failing too, and personal data whose export cannot be recorded must not
leave (个人信息保护法: record who exported it). Callers record before they hand the data over.
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured

from .clients import client_address
from .models import AuditEntry
from .permissions import directory, grants

# action -> what the 审计日志 page calls it. Core's own acts are here; an app registers the labels of its own
# acts with `register_label` in its AppConfig.ready.
LABELS: dict[str, str] = {
    "login.success": "登录",
    "login.failure": "登录失败",
    "login.locked": "登录被锁定",
    "logout": "退出登录",
    "password.change": "修改密码",
    "account.open": "开通账号",
    "account.disable": "停用账号",
    "account.enable": "启用账号",
    "account.password_reset": "重置密码",
    "account.unlock": "解除锁定",
    "setup": "系统初始化",
    "export.audit_log": "导出审计日志",
}


def register_label(action: str, label: str) -> None:
    """Apps name their own acts (in AppConfig.ready), e.g. register_label("export.ledger", "导出整改台账")."""
    LABELS[action] = label


def label_of(action: str) -> str:
    try:
        return LABELS[action]
    except KeyError:
        raise ImproperlyConfigured(
            f"unknown audit action {action!r}: register its label with audit.register_label") from None


def record(action: str, *, request=None, user=None, org=None, about=None, detail: str = "",
           username: str = "") -> AuditEntry:
    """Keep one entry: `action` (a dotted name such as "account.open"), done by `user` (default: the
    request's user), from the request's client address, concerning `about` (a record) in `org` (any object
    with a `.path`, whose subtree's org admins may read the entry; default: where `user` works), with
    `detail` in words. `username` is the name as typed, for a sign-in under a name nobody has."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    return _write(action, request, user, org, about, detail, username)


def _write(action, request, user, org, about, detail, username) -> AuditEntry:
    """`record` without the fallback to the request's user: a failed sign-in is never whoever holds the session."""
    label = label_of(action)  # first: an unknown action writes nothing
    if user is not None and not user.is_authenticated:
        user = None
    return AuditEntry.objects.create(
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        address=client_address(request)[:45] if request is not None else "",
        action=action,
        label=label,
        about_type=ContentType.objects.get_for_model(about) if about is not None else None,
        about_id=about.pk if about is not None else None,
        about_text=str(about)[:200] if about is not None else "",
        org_path=org.path if org is not None else where_they_work(user),
        detail=detail,
    )


def where_they_work(user) -> str:
    """The org path an entry about `user` files under: their topmost role's org, else the org they belong to;
    for nobody (a username no account has) or a user of no org, the top org, whose admins see everything."""
    if user is not None:
        g = grants(user)
        roles = sorted((p for paths in g.by_kind.values() for p in paths), key=lambda path: (len(path), path))
        if roles:
            return roles[0]
        belongs = sorted(g.own_paths)
        if belongs:
            return belongs[0]
    top = directory().tree._default_manager.get_root_nodes().values_list("path", flat=True).first()
    return top or ""


def _account(username):
    """The account a sign-in attempt named, if there is one."""
    model = get_user_model()
    return model._default_manager.filter(**{model.USERNAME_FIELD: username}).first() if username else None


# --- Receivers of django.contrib.auth's and django-axes's signals (connected in core/apps.py) ---

def signed_in(sender, request, user, **kwargs):
    record("login.success", request=request, user=user)


def signed_out(sender, request, user, **kwargs):
    if user is not None:  # a sign-out without a session signs nobody out
        record("logout", request=request, user=user)


def sign_in_failed(sender, credentials, request=None, **kwargs):
    # credentials as Django passes them: the password already masked; the username as typed
    typed = str(credentials.get(get_user_model().USERNAME_FIELD, ""))
    _write("login.failure", request, _account(typed), None, None, "", typed)


def locked_out(sender, request=None, username=None, **kwargs):
    _write("login.locked", request, _account(username), None, None, "", username or "")
