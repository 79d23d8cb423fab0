"""All the 对照检查材料 of an org's members in one .zip, built by a background job (core.jobs).

One .docx per member whose self-inspection is submitted (a draft is not material to file), each the same
document as the member's own download (documents.inspection_document), named by member and id so that two
members of one name do not collide. Only what the requester may view goes in: the job asks the permission
rule again when it runs, as the requester, so a role taken away meanwhile takes the files with it.
"""

import zipfile

from django.utils import timezone

from qingfeng.campaigns.models import Campaign
from qingfeng.core import audit
from qingfeng.core.jobs import JobResult, export_path
from qingfeng.core.permissions import can, visible_to
from qingfeng.core.uploads import download_name
from qingfeng.inspection.models import SelfInspection
from qingfeng.orgs.models import Org

from .documents import inspection_document

KIND = "inspection_archive"
REFUSED = "您已无权查看该组织的对照检查材料，未能生成"


def nothing_to_file(org) -> str:
    return f"{org.name}尚无已提交的对照检查，没有可下载的对照检查材料"


def submitted_inspections(user, campaign, org):
    """The submitted self-inspections of `campaign` in `org`'s subtree that `user` may view, by branch and name."""
    return (visible_to(user, SelfInspection)
            .filter(campaign=campaign, org__path__startswith=org.path, status=SelfInspection.Status.SUBMITTED)
            .select_related("member", "campaign", "org").order_by("org__path", "member__name_pinyin", "member_id"))


def member_filename(member) -> str:
    return download_name(member.name, str(member.pk), "对照检查材料", suffix=".docx")


def archive_filename(org, campaign) -> str:
    return download_name(org.name, campaign.title, "对照检查材料", f"{timezone.localdate():%Y%m%d}", suffix=".zip")


def run_job(job, progress):
    """The background job: the .zip of `job.params` (campaign and org ids) as the requester may see it."""
    user = job.requested_by
    campaign = visible_to(user, Campaign).filter(pk=job.params.get("campaign")).first()
    org = visible_to(user, Org).filter(pk=job.params.get("org")).first()
    if campaign is None or org is None or not can(user, "view", org):
        raise PermissionError(REFUSED)
    inspections = submitted_inspections(user, campaign, org)
    if not inspections.exists():
        raise ValueError(nothing_to_file(org))
    name, full = export_path(job, ".zip")
    files = 0
    with zipfile.ZipFile(full, "w", zipfile.ZIP_DEFLATED) as archive:
        for inspection in inspections.iterator(chunk_size=100):
            archive.writestr(member_filename(inspection.member), inspection_document(user, inspection))
            files += 1
            progress(files)
    audit.record("export.inspection_archive", user=user, org=org, about=campaign,
                 detail=f"{org.name}的 {files} 份对照检查材料（.zip），后台任务 #{job.pk}")
    return JobResult(file=name, filename=archive_filename(org, campaign), done=files)
