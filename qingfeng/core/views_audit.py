"""审计日志: the audit entries filed under the subtrees where the user may audit (org admins), newest first,
and the same entries as .xlsx."""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from . import audit
from .filters import AuditEntryFilter
from .models import AuditEntry
from .paging import paginate_table
from .permissions import anywhere, directory, visible_to
from .spreadsheets import append, new_workbook
from .tables import AuditEntryTable

ENTRIES_PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = ["时间", "操作", "用户名", "地址", "组织", "对象", "详情"]


def filtered_entries(request) -> tuple[AuditEntryFilter, object]:
    """The entries the user may audit, as the query string filters them; 403 for who may audit nowhere."""
    if not anywhere(request.user, "audit"):
        raise PermissionDenied
    entries = visible_to(request.user, AuditEntry, "audit").order_by("-when", "-id")
    entry_filter = AuditEntryFilter(request.GET, queryset=entries)
    # A filter that does not validate is shown with its message and no rows, never silently dropped.
    return entry_filter, entry_filter.qs if entry_filter.is_valid() else entries.none()


def org_names(user, paths) -> dict[str, str]:
    """path -> name of the orgs the entries are filed under, in one query."""
    orgs = visible_to(user, directory().tree).filter(path__in=set(paths))
    return dict(orgs.values_list("path", "name"))


@login_required
def audit_log(request):
    entry_filter, entries = filtered_entries(request)
    table = AuditEntryTable(entries)
    paginate_table(request, table, ENTRIES_PER_PAGE)
    table.org_names = org_names(request.user, [row.record.org_path for row in table.page.object_list])
    return render(request, "core/audit_log.html", {"filter": entry_filter, "table": table})


@login_required
def audit_log_export(request):
    """The filtered entries as .xlsx, up to EXPORT_SYNC_MAX_ROWS; more is refused with a message."""
    entry_filter, entries = filtered_entries(request)
    limit = settings.EXPORT_SYNC_MAX_ROWS
    rows = list(entries[:limit + 1])
    if len(rows) > limit:
        messages.error(request, f"符合条件的记录超过 {limit} 条，请缩小日期范围后再导出")
        return redirect(f"{reverse('audit_log')}?{request.GET.urlencode()}")
    names = org_names(request.user, [entry.org_path for entry in rows])
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "审计日志"
    append(sheet, COLUMNS)
    for entry in rows:
        # A date cell in Beijing time (Excel keeps no time zone), shown as 2026年10月17日 14:05.
        append(sheet, [timezone.localtime(entry.when).replace(tzinfo=None), entry.label, entry.username,
                       entry.address, names.get(entry.org_path, ""), entry.about_text, entry.detail])
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit.record("export.audit_log", request=request, detail=f"{len(rows)} 条审计记录")
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(
        True, f"审计日志_{timezone.localdate():%Y%m%d}.xlsx")
    return response
