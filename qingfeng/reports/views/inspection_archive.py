"""下载全部对照检查材料: the members' 对照检查材料 of an org as one .zip, built by a background job."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path

from qingfeng.campaigns.context import campaign_context, load_campaign
from qingfeng.core import jobs
from qingfeng.inspection.context import reviewed_org

from .. import inspection_archive


@login_required
def inspection_archive_start(request, campaign_pk):
    """A GET says what the .zip will hold, with the button; the button (on it, and on the reviewers' list)
    POSTs, which starts the job and goes to its page. An org with nothing submitted gets the page's message."""
    campaign = load_campaign(request, campaign_pk)
    org = reviewed_org(request, campaign)  # ?org=, as on the campaign page; one outside the user's scope is a 404
    if org is None:  # a member: she downloads her own
        raise PermissionDenied
    count = inspection_archive.submitted_inspections(request.user, campaign, org).count()
    if request.method == "POST" and count:
        job = jobs.start(request.user, inspection_archive.KIND, {"campaign": campaign.pk, "org": org.pk}, count)
        return redirect("export_job_detail", job.pk)
    return render(request, "reports/inspection_archive.html", campaign_context(
        request, campaign, "inspection", org=org, count=count, nothing=inspection_archive.nothing_to_file(org)))


urlpatterns = [
    path("campaigns/<int:campaign_pk>/inspections/documents.zip", inspection_archive_start,
         name="inspection_archive"),
]
