"""Word documents to file: a member's 对照检查材料, the campaign's summary report and a meeting's 会议记录."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone

from qingfeng.campaigns.context import campaign_scope, load_campaign
from qingfeng.core import audit
from qingfeng.core.permissions import get_allowed_or_404
from qingfeng.core.uploads import attachment, download_name
from qingfeng.inspection.models import SelfInspection
from qingfeng.orglife.models import Meeting

from .. import documents, meetings


def _docx(data: bytes, *name_parts: str) -> HttpResponse:
    filename = download_name(*name_parts, f"{timezone.localdate():%Y%m%d}", suffix=".docx")
    return attachment(data, documents.DOCX, filename)


@login_required
def inspection_document(request, campaign_pk, pk):
    campaign = load_campaign(request, campaign_pk)
    # The member herself, or whoever may view her self-inspection; anyone else gets a 404.
    inspection = get_allowed_or_404(
        request.user, SelfInspection.objects.filter(campaign=campaign).select_related("member", "campaign", "org"), pk)
    data = documents.inspection_document(request.user, inspection)
    audit.record("export.inspection", request=request, org=inspection.org, about=inspection,
                 detail=f"{inspection.member.name}的对照检查材料（Word）")
    return _docx(data, documents.inspection_title(inspection))


@login_required
def campaign_summary_document(request, pk):
    campaign = load_campaign(request, pk)
    org = campaign_scope(request, campaign)  # ?org= as on the campaign page
    data = documents.campaign_summary_document(request.user, campaign, org)
    audit.record("export.summary", request=request, org=org, about=campaign, detail=f"{org.name}的工作总结报告（Word）")
    # <org>_<campaign>_工作总结报告_<date>, like the 整改台账's: a county's file and each branch's differ.
    return _docx(data, org.name, campaign.title, "工作总结报告")


@login_required
def meeting_record_document(request, pk):
    """Whoever may view the meeting: those over its org by role, and its invitees once it is published."""
    meeting = get_allowed_or_404(request.user, Meeting.objects.select_related("org", "host", "recorder"), pk)
    data = meetings.record_document(request.user, meeting)
    audit.record("export.meeting_record", request=request, org=meeting.org, about=meeting,
                 detail=f"{meeting.title}的会议记录（Word）")
    return _docx(data, meeting.org.name, meeting.title, "会议记录")


urlpatterns = [
    path("campaigns/<int:campaign_pk>/inspections/<int:pk>/document/", inspection_document,
         name="inspection_document"),
    path("campaigns/<int:pk>/summary.docx", campaign_summary_document, name="campaign_summary_document"),
    path("orglife/<int:pk>/record.docx", meeting_record_document, name="meeting_record_document"),
]
