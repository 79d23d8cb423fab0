"""范文库: the template library's texts, read by the viewers of their org, imported and deleted by its
secretaries and org admins (`manage_library`); a text is used for the checks of its org's whole subtree."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.views.decorators.http import require_POST

from qingfeng.core import audit
from qingfeng.core.pages import form_page
from qingfeng.core.paging import paginate_table
from qingfeng.core.permissions import anywhere, can, get_allowed_or_404, visible_to

from .. import library
from ..library_forms import LibraryImportForm, LibraryTextFilter, LibraryTextTable
from ..models import LibraryText

TEXTS_PER_PAGE = 25


@login_required
def originality_library(request):
    # A member holds no role that reads a library: the page is not hers, rather than an empty list.
    if not anywhere(request.user, "view"):
        raise PermissionDenied
    texts = (visible_to(request.user, LibraryText).select_related("org", "added_by", "document")
             .defer("text", "document__text"))
    text_filter = LibraryTextFilter(request.GET, queryset=texts, user=request.user)
    # A filter that does not validate is shown with its message and no rows, never silently dropped.
    table = LibraryTextTable(text_filter.qs if text_filter.is_valid() else texts.none())
    paginate_table(request, table, TEXTS_PER_PAGE)
    return render(request, "originality/library_list.html", {
        "filter": text_filter, "table": table, "chosen_org": text_filter.chosen("org"),
        "may_import": anywhere(request.user, "manage_library")})


@login_required
def originality_library_import(request):
    if not anywhere(request.user, "manage_library"):
        raise PermissionDenied
    form = LibraryImportForm(*(request.POST, request.FILES) if request.method == "POST" else (), user=request.user)

    def save(form):
        # The form's orgs are those the user may manage: a forged id of another is a form error.
        org = form.cleaned_data["org"]
        items = library.read_uploads(form.cleaned_data["files"])  # a ValidationError names every unreadable file
        with transaction.atomic():
            saved = library.add(request.user, org, items, form.cleaned_data["source"])
            audit.record("originality.library_import", request=request, org=org, detail=f"{len(saved)} 篇")
        return saved

    return form_page(request, form, save=save, template="originality/library_import.html",
                     done=lambda saved: f"已导入 {len(saved)} 篇范文",
                     to=lambda saved: "originality_library", max_files=library.MAX_FILES)


@login_required
def originality_library_text(request, pk):
    text = get_object_or_404(visible_to(request.user, LibraryText).select_related("org", "added_by", "document"),
                             pk=pk)
    return render(request, "originality/library_text.html", {
        "text": text, "working_org": text.org, "may_delete": can(request.user, "manage_library", text)})


@login_required
@require_POST
def originality_library_delete(request, pk):
    text = get_allowed_or_404(request.user, LibraryText.objects.select_related("org"), pk, "manage_library")
    title, org = text.title, text.org
    with transaction.atomic():
        library.delete(text)
        audit.record("originality.library_delete", request=request, org=org, detail=title)
    messages.success(request, f"已从范文库删除「{title}」")
    return redirect("originality_library")


urlpatterns = [
    path("originality/library/", originality_library, name="originality_library"),
    path("originality/library/import/", originality_library_import, name="originality_library_import"),
    path("originality/library/<int:pk>/", originality_library_text, name="originality_library_text"),
    path("originality/library/<int:pk>/delete/", originality_library_delete, name="originality_library_delete"),
]
