"""提案类别: the org admins of a tree's top org add, rename, reorder and switch off the categories the public picks.

A category in use is never deleted (its items keep it); an unused one may be, e.g. a typo just added.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect, render

from qingfeng.core.paging import parse_id

from .. import services
from ..forms import CategoryForm
from ..models import Category


@login_required
def category_list(request):
    if not services.at_an_office(request.user, "configure_proposals"):
        raise PermissionDenied
    if request.method == "POST":
        _change(request)
        return redirect("proposal_categories")
    categories = Category.objects.annotate(used=Count("proposals")).order_by("order", "pk")
    return render(request, "proposals/categories.html", {"categories": categories, "form": CategoryForm()})


def _change(request) -> None:
    """One change per POST, said in a message: add, rename, move up or down, switch on or off, delete if unused."""
    op = request.POST.get("op", "")
    if op == "add":
        form = CategoryForm(request.POST)
        if not form.is_valid():
            messages.error(request, f"未添加：{form.errors['name'][0]}")
            return
        last = Category.objects.order_by("-order").values_list("order", flat=True).first() or 0
        Category.objects.create(name=form.cleaned_data["name"], order=last + 1)
        messages.success(request, f"已添加类别「{form.cleaned_data['name']}」")
        return
    pk = parse_id(request.POST.get("category", ""))
    category = Category.objects.filter(pk=pk).first() if pk else None
    if category is None:
        messages.error(request, "找不到该类别，请刷新页面后重试")
        return
    if op == "rename":
        form = CategoryForm(request.POST, instance=category)
        if not form.is_valid():
            messages.error(request, f"未改名：{form.errors['name'][0]}")
            return
        old, category.name = category.name, form.cleaned_data["name"]
        category.save(update_fields=["name"])
        messages.success(request, f"已将「{old}」改名为「{category.name}」")
    elif op in ("up", "down"):
        _move(category, -1 if op == "up" else 1)
        messages.success(request, f"已调整「{category.name}」的顺序")
    elif op == "toggle":
        category.active = not category.active
        category.save(update_fields=["active"])
        messages.success(request, f"已{'启用' if category.active else '停用'}类别「{category.name}」")
    elif op == "delete":
        if category.proposals.exists():
            messages.error(request, f"类别「{category.name}」已有事项使用，不能删除，可以停用")
        else:
            category.delete()
            messages.success(request, f"已删除类别「{category.name}」")
    else:
        messages.error(request, "未知的操作")


def _move(category, step: int) -> None:
    """Swap places with the neighbour above (-1) or below (+1); every category renumbered 1, 2, … in one go."""
    with transaction.atomic():
        ordered = list(Category.objects.select_for_update().order_by("order", "pk"))
        at = ordered.index(category)
        other = at + step
        if 0 <= other < len(ordered):
            ordered[at], ordered[other] = ordered[other], ordered[at]
        for number, item in enumerate(ordered, start=1):
            item.order = number
        Category.objects.bulk_update(ordered, ["order"])
