"""A job interrupted by a consumer's shutdown, in Chromium: its page shows why, 重试 queues it again, the page
polls until it is done, and the file is downloaded."""

import pytest
from playwright.sync_api import expect

from conftest import log_in
from qingfeng.core import jobs
from qingfeng.core.models import Job
from qingfeng.core.tests.job_kinds import PDF

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("job_kinds")]


def test_an_interrupted_job_is_retried_from_its_page(world, page, monkeypatch):
    job = Job.objects.create(kind="report", total=1, requested_by=world.sec_a)
    jobs.fail(job.pk, jobs.INTERRUPTED)
    # Hold the retried job in the queue; the test plays the consumer below.
    queued, run_job = [], jobs.run_job
    monkeypatch.setattr(jobs, "run_job", queued.append)

    log_in(page, "sec_a")
    page.goto(f"/exports/{job.pk}/")
    expect(page.locator("h1")).to_have_text("生成报告")
    expect(page.locator("#job-error")).to_have_text("未能完成：服务停止，任务中断，请重试")
    page.click("#job-retry")
    expect(page.locator("#export-job")).to_contain_text("排队中")
    expect(page.locator("#job-retry")).to_have_count(0)

    run_job.call_local(queued.pop())  # the consumer picks it up
    expect(page.locator("#export-job")).to_contain_text("已完成")  # the page polls every 2 s
    expect(page.locator("#job-kept")).to_have_text("本页和文件保留 7 天，之后自动删除。")
    with page.expect_download() as download:
        page.click("#export-download")
    assert download.value.path().read_bytes() == PDF
