from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from qingfeng.core import audit
from qingfeng.core.history import history_entries
from qingfeng.core.pages import form_page
from qingfeng.core.paging import paginate_table
from qingfeng.core.permissions import can, get_allowed_or_404, shown, top_orgs, visible_to

from . import accounts, roster
from .filters import PROBATION_OVER, MemberFilter
from .forms import DeactivateForm, MemberForm, OrgEditForm, OrgForm, OrgMoveForm, TransferForm
from .models import Member, Org, Transfer, probation_over_q
from .services import deactivate_member, reactivate_member, transfer_member
from .tables import MemberTable

MEMBERS_PER_PAGE = 25
IMPORT_WARNINGS_SHOWN = 20


@login_required
def org_tree(request):
    return render(request, "orgs/tree.html", {"roots": top_orgs(request.user)})


@login_required
def org_children(request, pk):
    org = get_allowed_or_404(request.user, Org, pk)
    children = visible_to(request.user, Org).filter(path__startswith=org.path, depth=org.depth + 1).order_by("path")
    return render(request, "orgs/_children.html", {"nodes": children})


@login_required
def org_detail(request, pk):
    org = get_allowed_or_404(request.user, Org, pk)
    # A member's `org` is her branch; a party group holds its members through `group` instead.
    in_org = {"group": org} if org.kind == Org.Kind.GROUP else {"org__path__startswith": org.path}
    members = visible_to(request.user, Member).filter(**in_org).select_related("org", "group")
    member_filter = MemberFilter(request.GET, queryset=members)
    table = MemberTable(member_filter.qs, user=request.user)
    paginate_table(request, table, MEMBERS_PER_PAGE)
    context = {
        "org": org,
        "working_org": org,
        # Ancestors above the user's scope are named but not linked: their pages would be 404.
        "ancestors": [(a, can(request.user, "view", a)) for a in org.ancestors_and_self().exclude(pk=org.pk)],
        "children": visible_to(request.user, Org).filter(path__startswith=org.path, depth=org.depth + 1)
        .order_by("path"),
        "filter": member_filter,
        "table": table,
        "may_change": can(request.user, "change", org),
        "may_import": can(request.user, "import", org),
        "may_manage_org": can(request.user, "manage_org", org),
        "may_manage_accounts": can(request.user, "manage_accounts", org),
    }
    if context["may_change"]:  # who keeps the roster is told who is due for 转正
        context["probation_over"] = members.filter(
            probation_over_q(timezone.localdate()), is_active=True).order_by().count()
        context["probation_over_filter"] = PROBATION_OVER
    return render(request, "orgs/org_detail.html", context)


@login_required
def org_create(request, pk):
    parent = get_allowed_or_404(request.user, Org, pk, "manage_org")
    form = OrgForm(request.POST or None, parent=parent)
    return form_page(request, form, save=lambda form: Org.create(parent, **form.cleaned_data),
                     done=lambda org: f"已建立{org.get_kind_display()}「{org.name}」", to="org_detail",
                     org=parent, title=f"在「{parent.name}」下新建组织")


@login_required
def org_edit(request, pk):
    org = get_allowed_or_404(request.user, Org, pk, "manage_org")
    form = OrgEditForm(request.POST or None, instance=org)
    return form_page(request, form, to="org_detail", done=lambda org: f"已保存「{org.name}」",
                     org=org, title=f"修改「{org.name}」")


@login_required
def org_move(request, pk):
    org = get_allowed_or_404(request.user, Org, pk, "manage_org")
    form = OrgMoveForm(request.POST or None, user=request.user, org=org)

    def move(form):
        try:
            org.move_under(form.cleaned_data["parent"])
        except ValidationError as error:
            raise ValidationError({"parent": error.messages}) from None
        return org

    return form_page(request, form, save=move, to="org_detail",
                     done=lambda org: f"已将「{org.name}」及其下级组织移动到「{form.cleaned_data['parent']}」",
                     org=org, title=f"移动「{org.name}」")


@login_required
def org_history(request, pk):
    org = get_allowed_or_404(request.user, Org, pk)
    return render(request, "orgs/history.html",
                  {"object": org, "org": org, "entries": history_entries(org, request.user, hidden=("path",)),
                   "back": ("org_detail", org.pk)})


@login_required
def member_detail(request, pk):
    # the login and its flag are joined for the 登录账号 panel
    member = get_allowed_or_404(request.user, Member.objects.select_related("org", "user__qf_account"), pk)
    transfers = visible_to(request.user, Transfer).filter(member=member).select_related(
        "member", "from_org", "to_org", "created_by")
    return render(request, "orgs/member_detail.html", {
        "member": member,
        "phone": shown(request.user, member, "phone"),
        "may_change": can(request.user, "change", member),
        "transfers": [(t, shown(request.user, t, "reason")) for t in transfers],
        "account": accounts.account_panel(request.user, member),
        # The navbar names the branch this page belongs to, for those who may open the branch's page.
        "working_org": member.org if can(request.user, "view", member.org) else None,
    })


@login_required
def member_create(request, pk):
    branch = get_allowed_or_404(request.user, Org, pk, "change")
    if branch.kind != Org.Kind.BRANCH:
        messages.error(request, "党员只能编入党支部，请先进入具体的党支部再新增党员")
        return redirect("org_detail", branch.pk)
    form = MemberForm(request.POST or None, user=request.user, branch=branch)
    return form_page(request, form, done=lambda member: f"已新增党员「{member.name}」", to="member_detail",
                     org=branch, title=f"在「{branch.name}」新增党员")


@login_required
def member_edit(request, pk):
    member = get_allowed_or_404(request.user, Member, pk, "change")
    form = MemberForm(request.POST or None, user=request.user, instance=member, branch=member.org)
    return form_page(request, form, done="已保存修改", to="member_detail",
                     org=member.org, title=f"编辑党员「{member.name}」")


@login_required
def member_transfer(request, pk):
    member = get_allowed_or_404(request.user, Member, pk, "change")
    form = TransferForm(request.POST or None, user=request.user, member=member)
    return form_page(request, form, save=lambda form: transfer_member(member, by=request.user, **form.cleaned_data),
                     done=lambda _: f"已将「{member.name}」的组织关系转入「{form.cleaned_data['to_org']}」",
                     to=lambda _: reverse("member_detail", args=[member.pk]),
                     org=member.org, title=f"转接「{member.name}」的组织关系")


@login_required
def member_deactivate(request, pk):
    member = get_allowed_or_404(request.user, Member, pk, "change")
    active = member.is_active
    form = DeactivateForm(request.POST or None)

    @transaction.atomic
    def save(form):
        if not active:
            reactivate_member(member, form.cleaned_data["reason"])  # the login stays disabled until 启用账号
        elif deactivate_member(member, form.cleaned_data["reason"]):
            audit.record("account.disable", request=request, org=member.org, about=member,
                         detail=f"党员停用，登录账号 {member.user.get_username()} 随之停用")
        return member

    return form_page(request, form, save=save, to="member_detail", org=member.org,
                     done=f"已停用「{member.name}」" if active else f"已恢复「{member.name}」为在册党员",
                     title=f"停用党员「{member.name}」" if active else f"恢复「{member.name}」为在册党员")


@login_required
def member_history(request, pk):
    member = get_allowed_or_404(request.user, Member, pk)
    return render(request, "orgs/history.html",
                  {"object": member, "org": member.org,
                   # The sort key follows the name: a change of it is no news (rows before it was added hold "").
                   "entries": history_entries(member, request.user, hidden=("name_pinyin",)),
                   "back": ("member_detail", member.pk)})


@login_required
def roster_import(request, pk):
    org = get_allowed_or_404(request.user, Org, pk, "import")
    errors = []
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = ["请选择要导入的 .xlsx 文件"]
        else:
            try:
                with transaction.atomic():
                    result = roster.import_roster(upload, request.user, org)
            except roster.RosterError as error:
                errors = error.messages
            except PermissionDenied:
                raise
            else:
                messages.success(
                    request,
                    f"导入完成：新增 {result.created} 人，更新 {result.updated} 人",
                )
                for warning in result.warnings[:IMPORT_WARNINGS_SHOWN]:
                    messages.warning(request, warning)
                if (more := len(result.warnings) - IMPORT_WARNINGS_SHOWN) > 0:
                    messages.warning(request, f"……另有 {more} 名预备党员预备期已满，"
                                              "可在党员名册中按「预备期已满」筛选查看")
                return redirect("org_detail", org.pk)
    return render(request, "orgs/import.html", {"org": org, "errors": errors})


@login_required
def roster_template(request):
    response = HttpResponse(
        roster.template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="roster-template.xlsx"'
    return response
