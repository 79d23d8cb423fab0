"""The organization department, in Chromium: load the example list, create a campaign, start it."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from conftest import log_in

pytestmark = pytest.mark.browser


def test_an_org_admin_creates_and_starts_a_campaign(world, page):
    call_command("load_checklists", verbosity=0)
    log_in(page, "admin")
    page.goto("/campaigns/")
    page.click("#campaign-create")
    page.fill("#id_title", "作风建设专项整治")
    page.select_option("#id_org", label="教育局党总支")
    page.select_option("#id_checklist", label="作风问题清单（示例，非正式文件）（第 1 版）")
    page.fill("#id_required_tasks", "开展集中学习\n召开专题组织生活会")
    for kind, start, end in [("study", "2026-03-01", "2026-03-31"), ("inspect", "2026-04-01", "2026-04-30"),
                             ("rectify", "2026-05-01", "2026-08-31"), ("review", "2026-03-15", "2026-09-30")]:
        page.fill(f"#id_{kind}_start", start)
        page.fill(f"#id_{kind}_end", end)
    page.click("button:has-text('保存')")
    expect(page.locator("#campaign-form")).to_contain_text("「总结」阶段的开始日期不能早于「改」阶段的开始日期")

    page.fill("#id_review_start", "2026-09-01")
    page.click("button:has-text('保存')")
    expect(page.locator("h1")).to_contain_text("草稿")
    expect(page.locator("#key-tasks")).to_contain_text("召开专题组织生活会")
    expect(page.locator("#phases li")).to_have_count(4)

    page.click("#campaign-actions button:has-text('启动')")
    expect(page.locator("h1")).to_contain_text("进行中")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#campaign-actions button:has-text('结束')")
    expect(page.locator("h1")).to_contain_text("已结束")
    expect(page.locator("main")).to_contain_text("专项工作已结束，记录只读")


def test_a_member_reads_the_campaign_on_a_phone(campaign, world, page):
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, "alice")
    page.goto("/campaigns/")
    page.click("text=作风专项整治")
    expect(page.locator("#phases")).to_contain_text("当前阶段")
    # Her own part of the campaign, not a branch's figures (reports/campaign_page.py).
    expect(page.locator("#campaign-mine")).to_contain_text("尚未填写，去填写")
    expect(page.locator("#campaign-counts")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
