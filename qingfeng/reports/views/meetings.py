"""An org's 会议台账 for a year (.xlsx); a meeting's 会议记录 (.docx) is among the documents."""

import io
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone

from qingfeng.core import audit
from qingfeng.core.permissions import top_orgs, visible_to
from qingfeng.core.uploads import attachment
from qingfeng.orglife.filters import MeetingFilter
from qingfeng.orglife.models import Meeting

from .. import meetings


@login_required
def meeting_register(request):
    """?org= and ?year= as on the 组织生活 list (default: where the user's view starts, this year).

    A value the list's filter refuses sends the user back to the list, which says which and why.
    """
    user = request.user
    params = {"org": request.GET.get("org", ""), "year": request.GET.get("year", "")}
    params["year"] = params["year"] or str(timezone.localdate().year)
    if not params["org"]:
        tops = list(top_orgs(user)[:2])
        if not tops:  # a member without a role: she sees her own meetings, not an org's
            raise PermissionDenied
        if len(tops) > 1:
            messages.error(request, "导出会议台账：请先选择组织")
            return redirect(f"{reverse('meeting_list')}?{urlencode(params)}")
        params["org"] = str(tops[0].pk)
    meeting_filter = MeetingFilter(params, queryset=visible_to(user, Meeting), user=user)
    if not meeting_filter.is_valid():
        return redirect(f"{reverse('meeting_list')}?{urlencode(params)}")
    org, year = meeting_filter.chosen("org"), int(meeting_filter.chosen("year"))
    buffer = io.BytesIO()
    rows = meetings.write_register(meetings.register_queryset(meeting_filter.qs), org, year, buffer)
    audit.record("export.meeting_register", request=request, org=org, about=org,
                 detail=f"{meetings.register_title(org, year)}，{rows} 次会议")
    return attachment(buffer.getvalue(), meetings.XLSX, meetings.register_filename(org, year))


urlpatterns = [
    path("orglife/register.xlsx", meeting_register, name="meeting_register"),
]
