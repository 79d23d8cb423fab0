"""登录账号: a manager opens, resets, disables and unlocks members' accounts; everyone changes their own password.

A password someone else set is shown once, in the response to the POST that made it: never stored in clear,
never put in a message or the session, and sent with Cache-Control: no-store so a Back button cannot bring it
back from the cache.
"""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from qingfeng.core import audit
from qingfeng.core.pages import form_page
from qingfeng.core.permissions import get_allowed_or_404, visible_to

from . import accounts
from .forms import PasswordChangeForm
from .models import Member, Org

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _shown_once(request, org, opened: list[accounts.Credentials], title: str) -> HttpResponse:
    response = render(request, "orgs/account_credentials.html", {
        "org": org, "opened": opened, "title": title,
        "login_url": request.build_absolute_uri(reverse("login"))})
    add_never_cache_headers(response)
    return response


def _open(request, member):
    with transaction.atomic():
        (credentials,) = accounts.open_accounts([member])
        audit.record("account.open", request=request, org=member.org, about=member,
                     detail=f"用户名 {credentials.username}")
    return _shown_once(request, member.org, [credentials], f"已为「{member.name}」开通登录账号")


def _reset(request, member):
    with transaction.atomic():
        credentials, unlocked = accounts.reset_password(member, by=request.user)
        audit.record("account.password_reset", request=request, org=member.org, about=member,
                     detail=f"用户名 {credentials.username}" + ("，并解除锁定" if unlocked else ""))
    return _shown_once(request, member.org, [credentials], f"已重置「{member.name}」的密码")


def _enable(request, member, enabled: bool):
    with transaction.atomic():
        accounts.set_enabled(member, enabled, by=request.user)
        audit.record("account.enable" if enabled else "account.disable", request=request, org=member.org,
                     about=member, detail=f"用户名 {member.user.get_username()}")
    messages.success(request, f"已{'启用' if enabled else '停用'}「{member.name}」的登录账号")


def _unlock(request, member):
    username = accounts.login_of(member).get_username()
    with transaction.atomic():
        removed = accounts.unlock(username)
        audit.record("account.unlock", request=request, org=member.org, about=member,
                     detail=f"用户名 {username}，清除 {removed} 条失败记录")
    messages.success(request, f"已解除「{member.name}」的登录锁定" if removed else
                     f"「{member.name}」的账号当前没有被锁定")


@login_required
@require_POST
def member_account(request, pk):
    """One of 开通账号, 重置密码, 停用账号, 启用账号, 解除锁定 (`action`) on a member's login."""
    member = get_allowed_or_404(request.user, Member, pk, "manage_accounts")
    if not accounts.may_manage(request.user, member):
        raise PermissionDenied  # the account holds a role above the manager's: it goes to whoever gave it
    action = request.POST.get("action")
    try:
        if action == "open":
            return _open(request, member)
        if action == "reset":
            return _reset(request, member)
        if action in ("disable", "enable"):
            _enable(request, member, action == "enable")
        elif action == "unlock":
            _unlock(request, member)
        else:
            messages.error(request, "未知的操作")
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("member_detail", member.pk)


@login_required
def org_accounts(request, pk):
    """批量开通账号: every member of the branch on the roll and without a login gets one (up to BULK_MAX a time);
    the usernames and initial passwords come once, as a page to print or as .xlsx."""
    branch = get_allowed_or_404(request.user, Org, pk, "manage_accounts")
    if branch.kind != Org.Kind.BRANCH:
        messages.error(request, "请进入具体的党支部，为本支部党员批量开通账号")
        return redirect("org_detail", branch.pk)
    waiting = list(visible_to(request.user, Member, "manage_accounts")
                   .filter(org=branch, is_active=True, user__isnull=True).select_related("org")
                   .order_by("name_pinyin", "pk"))
    if request.method == "POST" and waiting:
        chosen = waiting[:accounts.BULK_MAX]
        with transaction.atomic():
            opened = accounts.open_accounts(chosen)
            for credentials in opened:
                audit.record("account.open", request=request, org=branch, about=credentials.member,
                             detail=f"批量开通，用户名 {credentials.username}")
        if len(waiting) > len(chosen):
            messages.warning(request, f"本次开通 {len(chosen)} 人；还有 {len(waiting) - len(chosen)} 人未开通，"
                                      "请保存好本次的账号后再次批量开通")
        if request.POST.get("format") == "xlsx":
            today = timezone.localdate()
            title = f"{branch.name}登录账号（{today.year}年{today.month}月{today.day}日开通）"
            response = HttpResponse(accounts.credentials_workbook(
                opened, title, request.build_absolute_uri(reverse("login"))), content_type=XLSX)
            response["Content-Disposition"] = content_disposition_header(True, f"{branch.name}_登录账号.xlsx")
            add_never_cache_headers(response)
            return response
        return _shown_once(request, branch, opened, f"已为{branch.name}的 {len(opened)} 名党员开通登录账号")
    if request.method == "POST":
        messages.info(request, "本支部在册党员都已开通登录账号")
        return redirect("org_detail", branch.pk)
    planned = accounts.planned_usernames(waiting[:accounts.BULK_MAX])
    return render(request, "orgs/accounts_bulk.html", {
        "org": branch, "waiting": waiting, "limit": accounts.BULK_MAX,
        "rows": [(member, planned.get(member.pk, "")) for member in waiting]})


@login_required
def password_change(request):
    """修改密码: the old one, then the new one twice. The first thing someone does whose password a secretary set."""
    form = PasswordChangeForm(request.user, request.POST or None)

    def save(form):
        with transaction.atomic():
            user = form.save()
            accounts.password_changed(request, user)
            audit.record("password.change", request=request)
        update_session_auth_hash(request, user)  # this session stays signed in; the others end
        return user

    return form_page(request, form, save=save, done="密码已修改", to=lambda _: reverse("home"), title="修改密码",
                     notice="您的密码是书记或党务管理员为您设置的，请先设置只有您自己知道的新密码。"
                     if request.session.get(accounts.SESSION_FLAG) else "")
