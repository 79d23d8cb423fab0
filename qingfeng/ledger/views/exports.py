"""导出: the 整改台账 as .xlsx, at once when small, as a background job when large."""

import io

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import content_disposition_header

from qingfeng.core import jobs

from .. import exports

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def ledger_export(request):
    """The ledger as filtered, as .xlsx: at once when small; when large, a job started by a POST only.

    The filter comes in the query string (a link, a bookmark) or in the export buttons' form.
    A GET of a large export asks first, with a button that posts the same filter: a GET writes nothing.
    """
    user = request.user
    query = request.GET
    if request.method == "POST":
        query = request.POST.copy()
        query.pop("csrfmiddlewaretoken", None)
    params = query.dict()
    ledger_filter = exports.filter_for(user, params)
    if not ledger_filter.is_valid():
        # An org or campaign outside the user's scope, or a forged id: the list says which, and nothing is exported.
        return redirect(f"{reverse('ledger_list')}?{query.urlencode()}")
    total = exports.rectification_count(ledger_filter.qs)
    limit = jobs.sync_max_rows()
    if total > limit:
        if request.method != "POST":
            return render(request, "ledger/export_confirm.html",
                          {"total": total, "limit": limit, "params": params.items()})
        job = jobs.start(user, exports.KIND, params, total)
        return redirect("export_job_detail", job.pk)
    buffer = io.BytesIO()
    _, filename = exports.export(user, ledger_filter, buffer, request=request)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    # RFC 5987 (filename*=utf-8''…): the Chinese name survives every browser.
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


urlpatterns = [
    path("ledger/export/", ledger_export, name="ledger_export"),
]
