"""下载全部对照检查材料: an org's submitted 对照检查材料 as one .zip, one .docx per member, through a background job."""

import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from qingfeng.core import jobs
from qingfeng.core.models import AuditEntry, Job
from qingfeng.inspection.models import SelfInspection
from qingfeng.inspection.tests.helpers import make_inspection
from qingfeng.ledger.tests.factories import ProblemFactory
from qingfeng.orgs.models import Role
from qingfeng.orgs.tests.factories import MemberFactory
from qingfeng.reports import inspection_archive

S = SelfInspection.Status


@pytest.fixture(autouse=True)
def inspections(campaign, world):
    """Branch A: alice and another 张丽 submitted, bob's is a draft; campaign B: carol submitted."""
    world.other_alice = MemberFactory(org=world.a, name="张丽")
    make_inspection(campaign, world.alice, S.SUBMITTED, study_summary="张丽甲的学习体会")
    make_inspection(campaign, world.other_alice, S.SUBMITTED, study_summary="张丽乙的学习体会")
    make_inspection(campaign, world.bob, study_summary="王强的草稿")
    make_inspection(campaign, world.carol, S.SUBMITTED, study_summary="李梅的学习体会")
    ProblemFactory(campaign=campaign, member=world.alice, source="petition", description="接受宴请问题",
                   example="某月某日接受某公司宴请", confidential_detail="举报人：赵某，案件号 2026-17")


def start_url(campaign, org=None):
    return reverse("inspection_archive", args=[campaign.pk]) + (f"?org={org.pk}" if org else "")


def list_url(campaign):
    return reverse("inspection_list", args=[campaign.pk])


def start_and_run(client, campaign, org=None):
    """Start the job, then run it as the consumer would (in the test's transaction it is queued, not run)."""
    response = client.post(start_url(campaign, org))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("export_job_detail", args=[job.pk])
    jobs.run_job.call_local(job.pk)
    return job


def download(client, job):
    response = client.get(reverse("export_job_download", args=[job.pk]))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def texts(archive, name):
    return "\n".join(p.text for p in Document(io.BytesIO(archive.read(name))).paragraphs)


def test_the_secretary_sees_the_button_for_her_branch(campaign, world, login):
    page = login(world.sec_a).get(list_url(campaign)).content.decode()
    form = page[page.index(f'<form method="post" action="{start_url(campaign, world.a)}">'):]
    form = form[:form.index("</form>")]
    assert 'name="csrfmiddlewaretoken"' in form and "下载全部对照检查材料（.zip）</button>" in form


def test_the_list_offers_the_committee_to_its_admin(campaign, world, login):
    page = login(world.admin).get(list_url(campaign)).content.decode()
    assert f'action="{start_url(campaign, world.c)}"' in page


def test_a_member_is_neither_offered_the_button_nor_let_through(campaign, world, login):
    client = login(world.alice_user)
    page = client.get(list_url(campaign), follow=True).content.decode()  # sent on to her own
    assert "inspection-archive" not in page and "下载全部对照检查材料" not in page
    assert client.get(start_url(campaign)).status_code == 403
    assert client.post(start_url(campaign)).status_code == 403
    assert client.post(start_url(campaign, world.a)).status_code == 404
    assert not Job.objects.exists()


def test_another_branch_is_not_found(campaign, world, login):
    client = login(world.sec_b)
    assert client.get(start_url(campaign, world.a)).status_code == 404
    assert client.post(start_url(campaign, world.a)).status_code == 404
    assert not Job.objects.exists()


def test_the_get_says_how_many_and_starts_nothing(campaign, world, login):
    page = login(world.sec_a).get(start_url(campaign)).content.decode()
    assert "一中党支部已提交对照检查的党员共 2 人" in page and 'id="archive-start"' in page
    assert not Job.objects.exists()


def test_the_zip_has_one_document_per_submitted_member_named_uniquely(campaign, world, login):
    client = login(world.sec_a)
    job = start_and_run(client, campaign)
    job.refresh_from_db()
    today = timezone.localdate()
    assert (job.status, job.done, job.total) == ("done", 2, 2)
    assert job.filename == f"一中党支部_{campaign.title}_对照检查材料_{today:%Y%m%d}.zip"
    archive = download(client, job)
    first, second = sorted([world.alice.pk, world.other_alice.pk])
    assert sorted(archive.namelist()) == [f"张丽_{first}_对照检查材料.docx", f"张丽_{second}_对照检查材料.docx"]
    assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in archive.infolist())
    assert "张丽甲的学习体会" in texts(archive, f"张丽_{world.alice.pk}_对照检查材料.docx")
    other = texts(archive, f"张丽_{world.other_alice.pk}_对照检查材料.docx")
    assert other.startswith(f"张丽同志{campaign.title}对照检查材料") and "张丽乙的学习体会" in other
    assert "张丽甲" not in other


def test_drafts_and_other_branches_stay_out(campaign, world, login):
    client = login(world.admin)
    archive = download(client, start_and_run(client, campaign, org=world.c))
    body = "\n".join(texts(archive, name) for name in archive.namelist())
    assert len(archive.namelist()) == 3 and "李梅的学习体会" in body  # the committee: both branches
    assert "王强" not in "".join(archive.namelist()) and "王强的草稿" not in body


def test_a_confidential_problem_reaches_only_who_may_see_it(campaign, world, login):
    def alices(user, org):
        client = login(user)
        job = start_and_run(client, campaign, org=org)
        text = texts(download(client, job), f"张丽_{world.alice.pk}_对照检查材料.docx")
        Job.objects.all().delete()
        return text

    secretary = alices(world.sec_a, world.a)
    assert "宴请" not in secretary and "赵某" not in secretary
    discipline = alices(world.discipline, world.a)
    assert "接受宴请问题。" in discipline
    assert "某公司" not in discipline and "赵某" not in discipline and "2026-17" not in discipline


def test_the_download_is_recorded_in_the_audit_log(campaign, world, login):
    job = start_and_run(login(world.sec_a), campaign)
    entry = AuditEntry.objects.get(action="export.inspection_archive")
    assert (entry.user, entry.org_path, entry.about_id, entry.label) == (
        world.sec_a, world.a.path, campaign.pk, "批量导出对照检查材料")
    assert entry.detail == f"一中党支部的 2 份对照检查材料（.zip），后台任务 #{job.pk}"


def test_an_org_with_nothing_submitted_gets_a_message_not_an_empty_zip(campaign, world, login):
    SelfInspection.objects.filter(member=world.carol).update(status=S.DRAFT)
    client = login(world.sec_b)
    assert client.get(list_url(campaign)).content.decode().count('id="inspection-archive"') == 1
    for response in (client.get(start_url(campaign)), client.post(start_url(campaign))):
        assert response.status_code == 200
        page = response.content.decode()
        assert "二中党支部尚无已提交的对照检查，没有可下载的对照检查材料" in page and 'id="archive-start"' not in page
    assert not Job.objects.exists()


def test_the_job_asks_the_rule_again_and_fails_cleanly_then_retries(campaign, world, login):
    client = login(world.sec_a)
    client.post(start_url(campaign))  # in the test's transaction: queued, not run
    job = Job.objects.get()
    Role.objects.filter(user=world.sec_a).update(kind=Role.Kind.MEMBER)  # her role is taken away meanwhile
    jobs.run_job.call_local(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error, job.file.name) == ("failed", inspection_archive.REFUSED, "")
    assert not AuditEntry.objects.filter(action="export.inspection_archive").exists()

    Role.objects.filter(user=world.sec_a).update(kind=Role.Kind.SECRETARY)
    assert jobs.retry(job)
    jobs.run_job.call_local(job.pk)
    job.refresh_from_db()
    assert (job.status, job.done) == ("done", 2)
    assert len(download(client, job).namelist()) == 2


def test_a_job_that_breaks_halfway_leaves_no_file(campaign, world, login, monkeypatch, settings):
    client = login(world.sec_a)
    client.post(start_url(campaign))
    job = Job.objects.get()
    built = []

    def breaks_on_the_second(user, inspection):
        if built:
            raise RuntimeError("文档生成失败")
        built.append(inspection)
        return b"docx"

    monkeypatch.setattr(inspection_archive, "inspection_document", breaks_on_the_second)
    jobs.run_job.call_local(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error, job.done) == ("failed", "文档生成失败", 1)
    assert list((settings.MEDIA_ROOT / jobs.EXPORTS).glob(f"{job.pk}-*")) == []
    assert client.get(reverse("export_job_download", args=[job.pk])).status_code == 404
