"""角色: who holds which role on an org; giving a role to an existing account and taking it away, with history.

An org admin gives and takes every kind of role in their subtree; a secretary only secretary and member in
their branch (accounts.assignable). Nobody takes away their own role.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from qingfeng.core import audit
from qingfeng.core.pages import form_page
from qingfeng.core.paging import paginate_table
from qingfeng.core.permissions import get_allowed_or_404, visible_to

from . import accounts
from .filters import RoleFilter
from .forms import RoleForm
from .models import Org, Role
from .tables import RoleTable

ROLES_PER_PAGE = 25
HISTORY_SHOWN = 20


def _described(role: Role) -> str:
    return f"{role.user.get_username()} 在{role.org.name}的{role.get_kind_display()}角色"


@login_required
def org_roles(request, pk):
    org = get_allowed_or_404(request.user, Org, pk, "manage_accounts")
    roles = visible_to(request.user, Role).filter(org=org).select_related("user", "user__member")
    role_filter = RoleFilter(request.GET, queryset=roles)
    table = RoleTable(role_filter.qs if role_filter.is_valid() else roles.none(),
                      removable=accounts.assignable(request.user, org), me=request.user)
    paginate_table(request, table, ROLES_PER_PAGE)
    changes = (Role.history.filter(org_id=org.pk).select_related("user", "history_user")
               .order_by("-history_date", "-history_id")[:HISTORY_SHOWN])
    return render(request, "orgs/roles.html", {"org": org, "filter": role_filter, "table": table,
                                               "changes": changes})


@login_required
def role_add(request, pk):
    org = get_allowed_or_404(request.user, Org, pk, "manage_accounts")
    form = RoleForm(request.POST or None, kinds=accounts.assignable(request.user, org))

    def save(form):
        with transaction.atomic():
            role = accounts.assign_role(org, form.cleaned_data["user"], form.cleaned_data["kind"])
            audit.record("role.add", request=request, org=org, about=role.user, detail=f"授予{_described(role)}")
        return role

    return form_page(request, form, save=save, done=lambda role: f"已授予{_described(role)}",
                     to=lambda _: reverse("org_roles", args=[org.pk]), org=org, title=f"为「{org.name}」分配角色")


@login_required
@require_POST
def role_remove(request, pk):
    role = get_allowed_or_404(request.user, Role, pk, "manage_accounts")
    org = role.org
    if role.kind not in accounts.assignable(request.user, org):
        raise PermissionDenied  # a secretary never takes away a role they could not give
    described = _described(role)
    try:
        with transaction.atomic():
            audit.record("role.remove", request=request, org=org, about=role.user, detail=f"撤销{described}")
            accounts.remove_role(role, by=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已撤销{described}")
    return redirect("org_roles", org.pk)
