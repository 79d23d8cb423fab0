"""A member submits a reflection copied from a 范文 with a few words changed; the check flags it at once and
the report shows the copied passage beside its source, highlighted; her secretary finds it on the results list."""

import pytest
from playwright.sync_api import expect

from conftest import log_in
from qingfeng.originality import library

from .samples import INDEPENDENT, TEMPLATE

pytestmark = pytest.mark.browser

COPIED = TEMPLATE[:160].replace("深刻体会到", "深深感到")


def test_a_copied_reflection_is_flagged_with_its_source_passage_highlighted(campaign, world, page):
    library.add(world.admin, world.c, [library.Incoming("主题教育心得体会范文（教师版）.txt", TEMPLATE)],
                source="某范文网")
    log_in(page, "alice")
    page.goto(f"/campaigns/{campaign.pk}/reflections/new/")
    page.get_by_label("标题").fill("主题教育学习体会")
    page.get_by_label("正文").fill(INDEPENDENT[:120] + "\n" + COPIED)
    page.get_by_role("button", name="提交审阅").click()

    summary = page.locator("#originality-summary")
    expect(summary).to_contain_text("重复率")
    expect(page.locator("#originality-flag")).to_have_text("疑似抄袭")
    expect(summary).to_contain_text("范文库：主题教育心得体会范文（教师版）")

    page.get_by_role("link", name="查看查重报告（逐段对照）").click()
    source = page.locator("#source-1")
    expect(source).to_contain_text("范文库：主题教育心得体会范文（教师版）（某范文网）")
    sides = source.locator(".qf-passage").first.locator(".border")
    own, other = sides.nth(0), sides.nth(1)
    # the same words marked on both sides, the swapped ones on neither
    expect(own.locator("mark").first).to_contain_text("通过这次主题教育的集中学习")
    expect(other.locator("mark").first).to_contain_text("通过这次主题教育的集中学习")
    expect(own).to_contain_text("深深感到")
    expect(other).to_contain_text("深刻体会到")
    assert "深深感到" not in "".join(own.locator("mark").all_inner_texts())
    # in the whole text, the member's own opening is not marked, the copied part is
    text = page.locator("#originality-text")
    assert INDEPENDENT[:20] not in "".join(text.locator("mark").all_inner_texts())
    expect(text.locator("mark").first).to_contain_text("通过这次主题教育的集中学习")
    page.screenshot(path="test-artifacts/originality-report.png", full_page=True)

    page.context.clear_cookies()
    log_in(page, "sec_a")
    page.goto(f"/campaigns/{campaign.pk}/originality/")
    row = page.locator("#results tbody tr").filter(has_text="张丽")
    expect(row).to_contain_text("疑似抄袭")
    row.get_by_role("link", name="主题教育学习体会").click()
    expect(page.locator("#originality-flag")).to_have_text("疑似抄袭")
