"""问题清单库: global reference data, readable by every logged-in user, loaded by org admins."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path

from qingfeng.core.pages import form_page
from qingfeng.core.permissions import top_orgs, visible_to

from .. import checklist_io
from ..forms import ChecklistImportForm
from ..models import Campaign, Checklist, ChecklistItem


def _may_import(user) -> bool:
    return top_orgs(user, "launch").exists()


def _count(queryset, **outer):
    """A correlated COUNT subquery, so a list costs one query whatever its length."""
    counted = queryset.filter(**{k: OuterRef(v) for k, v in outer.items()}).order_by()
    counted = counted.values(*outer).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


@login_required
def checklist_list(request):
    newer = Checklist.objects.filter(code=OuterRef("code"), version__gt=OuterRef("version"))
    checklists = (
        Checklist.objects.filter(~Exists(newer))
        .annotate(items=_count(ChecklistItem.objects.all(), category__checklist="pk"),
                  versions=_count(Checklist.objects.all(), code="code"),
                  in_use=Exists(visible_to(request.user, Campaign).filter(checklist__code=OuterRef("code"))))
        .order_by("-is_example", "code")
    )
    return render(request, "campaigns/checklist_list.html", {
        "checklists": checklists, "may_import": _may_import(request.user)})


@login_required
def checklist_detail(request, pk):
    checklist = get_object_or_404(Checklist, pk=pk)
    return render(request, "campaigns/checklist_detail.html", {
        "checklist": checklist,
        "categories": checklist.categories.prefetch_related("items"),
        "versions": Checklist.objects.filter(code=checklist.code).order_by("-version"),
        "campaigns": visible_to(request.user, Campaign).filter(checklist=checklist).select_related("org"),
        "may_import": _may_import(request.user),
    })


@login_required
def checklist_import(request):
    if not _may_import(request.user):
        raise PermissionDenied
    form = ChecklistImportForm(*(request.POST, request.FILES) if request.method == "POST" else ())
    return form_page(request, form, save=_import, template="campaigns/checklist_import.html", to="checklist_detail",
                     done=lambda checklist: f"已导入「{checklist.title}」第 {checklist.version} 版")


def _import(form):
    fields = form.cleaned_data
    try:
        data = checklist_io.read_upload(fields["file"], fields["code"], fields["title"], fields["description"])
        return checklist_io.save_checklist(data)
    except checklist_io.ChecklistError as error:
        raise ValidationError(error.messages) from None


@login_required
def checklist_template(request):
    return _download(checklist_io.template_workbook(), checklist_io.XLSX_MIME, "checklist-template.xlsx")


@login_required
def checklist_export(request, pk):
    checklist = get_object_or_404(Checklist, pk=pk)
    data = checklist_io.to_data(checklist)
    name = f"{checklist.code}-v{checklist.version}"
    if request.GET.get("format") == "xlsx":
        return _download(checklist_io.dump_xlsx(data), checklist_io.XLSX_MIME, f"{name}.xlsx")
    return _download(checklist_io.dump_yaml(data).encode(), "application/yaml; charset=utf-8", f"{name}.yaml")


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns = [
    path("checklists/", checklist_list, name="checklist_list"),
    path("checklists/import/", checklist_import, name="checklist_import"),
    path("checklists/template.xlsx", checklist_template, name="checklist_template"),
    path("checklists/<int:pk>/", checklist_detail, name="checklist_detail"),
    path("checklists/<int:pk>/export/", checklist_export, name="checklist_export"),
]
