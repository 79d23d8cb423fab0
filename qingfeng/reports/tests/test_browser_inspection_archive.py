"""下载全部对照检查材料 in Chromium: the secretary clicks the button, follows the job, downloads the .zip."""

import io
import zipfile

import pytest
from docx import Document
from playwright.sync_api import expect

from conftest import log_in
from qingfeng.core import jobs
from qingfeng.core.models import Job
from qingfeng.inspection.models import SelfInspection
from qingfeng.inspection.tests.helpers import make_inspection

pytestmark = pytest.mark.browser


def test_the_secretary_downloads_her_branchs_documents_as_one_zip(campaign, world, page, monkeypatch):
    make_inspection(campaign, world.alice, SelfInspection.Status.SUBMITTED, study_summary="认真学习党章党规")
    make_inspection(campaign, world.bob, SelfInspection.Status.SUBMITTED, study_summary="深入学习理论")
    # Hold the job in the queue, as when the consumer is busy; the test plays the consumer below.
    queued, run_job = [], jobs.run_job
    monkeypatch.setattr(jobs, "run_job", queued.append)

    log_in(page, "sec_a")
    page.goto(f"/campaigns/{campaign.pk}/inspections/")
    page.click("#inspection-archive")
    expect(page.locator("h1")).to_have_text("下载全部对照检查材料")
    expect(page.locator("#export-job")).to_contain_text("排队中")
    expect(page.locator("#export-job")).to_contain_text("0 / 2")

    run_job.call_local(queued.pop())  # the consumer picks it up
    expect(page.locator("#export-job")).to_contain_text("已完成")  # the page polls every 2 s
    with page.expect_download() as download:
        page.click("#export-download")
    assert download.value.suggested_filename.startswith(f"一中党支部_{campaign.title}_对照检查材料_")
    with zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes())) as archive:
        names = sorted(archive.namelist())
        assert names == sorted([f"张丽_{world.alice.pk}_对照检查材料.docx", f"王强_{world.bob.pk}_对照检查材料.docx"])
        alice = Document(io.BytesIO(archive.read(f"张丽_{world.alice.pk}_对照检查材料.docx")))
    assert "认真学习党章党规" in [p.text for p in alice.paragraphs]
    assert Job.objects.get().requested_by == world.sec_a
