"""The launcher writes the summary report's 主要做法 in Chromium, saves it and downloads the report with it."""

import io

import pytest
from docx import Document
from playwright.sync_api import expect

from conftest import log_in

pytestmark = pytest.mark.browser


def test_the_launcher_writes_the_practices_and_downloads_the_report_with_them(campaign, world, page):
    log_in(page, "admin")
    page.goto(f"/campaigns/{campaign.pk}/?org={world.g.pk}")
    page.click("#summary-text-edit")
    expect(page.locator("h1")).to_have_text("编写总结报告（教育局党总支）")
    practices_written = ["（一）抓学习教育。各支部集中学习。", "（二）抓问题整改。逐项销号。"]
    page.fill("#id_practices", "\n".join(practices_written))
    page.fill("#id_next_steps", "巩固整改成果。")
    page.click("button:has-text('保存')")
    expect(page.locator(".alert-success")).to_contain_text("已保存「教育局党总支」的总结报告文字")
    expect(page.locator("#scope-name")).to_have_text("教育局党总支")  # back where the report is downloaded

    with page.expect_download() as download:
        page.click("#summary-document")
    paragraphs = [p.text for p in Document(io.BytesIO(download.value.path().read_bytes())).paragraphs]
    practices = paragraphs.index("二、主要做法")
    assert paragraphs[practices + 1: practices + 3] == practices_written
    assert paragraphs[paragraphs.index("四、存在的不足") + 1] == "（未填写）"
    assert paragraphs[paragraphs.index("五、下步打算") + 1] == "巩固整改成果。"

    page.goto(f"/campaigns/{campaign.pk}/summary/?org={world.g.pk}")  # the saved text is there to revise
    expect(page.locator("#id_practices")).to_have_value("\n".join(practices_written))
