"""Word documents to file: a member's 对照检查材料 and the campaign's summary report."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path
from django.utils import timezone
from django.utils.http import content_disposition_header

from qingfeng.campaigns.context import campaign_scope, load_campaign
from qingfeng.core import audit
from qingfeng.core.permissions import get_allowed_or_404
from qingfeng.core.uploads import download_name
from qingfeng.inspection.models import SelfInspection

from .. import documents


def _docx(data: bytes, *name_parts: str) -> HttpResponse:
    response = HttpResponse(data, content_type=documents.DOCX)
    filename = download_name(*name_parts, f"{timezone.localdate():%Y%m%d}", suffix=".docx")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


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


urlpatterns = [
    path("campaigns/<int:campaign_pk>/inspections/<int:pk>/document/", inspection_document,
         name="inspection_document"),
    path("campaigns/<int:pk>/summary.docx", campaign_summary_document, name="campaign_summary_document"),
]
