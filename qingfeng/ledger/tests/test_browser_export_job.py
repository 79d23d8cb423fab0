"""A large 整改台账 export in Chromium: the page shows the job queued, its progress, then the download."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from conftest import log_in
from qingfeng.core import jobs
from qingfeng.core.models import Job
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory

pytestmark = pytest.mark.browser


def test_a_large_export_runs_in_the_background_and_is_downloaded(campaign, world, page, settings, monkeypatch):
    settings.EXPORT_SYNC_MAX_ROWS = 2
    problem = ProblemFactory(campaign=campaign, member=world.alice, description="学习不深入")
    for measure in ["制定学习计划", "撰写学习笔记", "参加专题党课"]:
        RectificationFactory(problem=problem, measure=measure)
    # Hold the job in the queue, as when the consumer is busy; the test plays the consumer below.
    queued, run_job = [], jobs.run_job
    monkeypatch.setattr(jobs, "run_job", queued.append)

    log_in(page, "sec_a")
    page.goto("/ledger/")
    page.click("#ledger-export")
    expect(page.locator("h1")).to_have_text("导出整改台账")
    expect(page.locator("#export-job")).to_contain_text("排队中")
    expect(page.locator("#export-job")).to_contain_text("0 / 3")

    run_job.call_local(queued.pop())  # the consumer picks it up
    expect(page.locator("#export-job")).to_contain_text("已完成")  # the page polls every 2 s
    expect(page.locator(".progress-bar")).to_have_text("100%")
    assert page.locator(".progress-bar").evaluate("bar => bar.style.width") == "100%"  # set by qingfeng.js
    with page.expect_download() as download:
        page.click("#export-download")
    # The Chinese name survives the browser (RFC 5987), and says whose ledger it is.
    assert download.value.suggested_filename == f"一中党支部_全部专项工作_整改台账_{timezone.localdate():%Y%m%d}.xlsx"
    ws = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert [r[3] for r in ws.iter_rows(min_row=3, values_only=True)] == ["制定学习计划", "撰写学习笔记", "参加专题党课"]
    assert Job.objects.get().requested_by == world.sec_a
