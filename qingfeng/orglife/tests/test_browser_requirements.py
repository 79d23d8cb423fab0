"""组织生活要求 as the county admin changes them: through the compliance grid she opens the general branch's rules,
makes its 支委会 quarterly (marked as its own rule), finds the branch below inheriting it, and 恢复继承 brings back
the 条例's default. A branch secretary reads the grid but is offered no rules page, nor let into one."""

import pytest
from playwright.sync_api import expect

from conftest import ARTIFACTS, fits_phone, log_in

pytestmark = pytest.mark.browser


def test_change_a_rule_for_a_subtree_see_it_inherited_and_restore_it(world, page, phone):
    log_in(page, "admin")
    page.goto("/me/")
    page.click("#compliance-link")
    page.locator("#compliance-grid").get_by_role("link", name="一中党支部").click()
    page.locator(".breadcrumb").get_by_role("link", name="教育局党总支").click()
    expect(page.locator("#compliance-org")).to_have_text("教育局党总支")
    page.click("#requirements-link")
    expect(page.locator("h1")).to_have_text("组织生活要求 · 教育局党总支")
    committee = page.locator("#requirements tr[data-subject='committee']")
    expect(committee).to_contain_text("每月至少 1 次")
    expect(committee.locator("td").nth(2)).to_have_text("默认")
    general_url = page.url

    committee.get_by_role("link", name="修改").click()
    expect(page.locator("#id_subject")).to_have_value("committee")
    page.select_option("#id_period", label="每季度")
    page.fill("#id_minimum", "1")
    page.click("#rule-save")
    expect(page.locator(".alert-success")).to_contain_text("已保存：教育局党总支及下级组织的支委会每季度至少 1 次")
    expect(committee).to_contain_text("每季度至少 1 次")
    expect(committee.locator(".badge")).to_have_text("本组织设定")
    expect(page.locator("#requirement-history tbody tr").first).to_contain_text("设定")
    page.screenshot(path=ARTIFACTS / "requirements-own-1280.png", full_page=True)

    # The branch below, reached through the grid, inherits it and may not reset what it did not set.
    page.get_by_role("link", name="合规情况").click()
    page.locator("#compliance-grid").get_by_role("link", name="一中党支部").click()
    page.click("#requirements-link")
    expect(page.locator("h1")).to_have_text("组织生活要求 · 一中党支部")
    inherited = page.locator("#requirements tr[data-subject='committee']")
    expect(inherited).to_contain_text("每季度至少 1 次")
    expect(inherited.locator("td").nth(2)).to_have_text("继承自教育局党总支")
    expect(inherited.get_by_role("button", name="恢复继承")).to_have_count(0)
    branch_url = page.url
    page.screenshot(path=ARTIFACTS / "requirements-inherited-1280.png", full_page=True)

    page.goto(general_url)
    page.once("dialog", lambda dialog: dialog.accept())
    committee.get_by_role("button", name="恢复继承").click()
    expect(page.locator(".alert-success")).to_contain_text("已恢复「支委会」为继承的要求")
    expect(committee).to_contain_text("每月至少 1 次")
    expect(committee.locator("td").nth(2)).to_have_text("默认")
    expect(page.locator("#requirement-history tbody tr").first).to_contain_text("恢复继承")
    page.goto(branch_url)
    expect(inherited.locator("td").nth(2)).to_have_text("默认")

    # The branch's secretary: the grid offers no rules page, and its address is refused.
    log_in(phone, "sec_a")
    phone.goto(f"/reports/orglife/compliance/?org={world.a.pk}")
    expect(phone.locator("#compliance-org")).to_have_text("一中党支部")
    expect(phone.locator("#requirements-link")).to_have_count(0)
    assert phone.request.get(branch_url).status == 403  # (a page load of it would fail the test on its console)
    assert fits_phone(phone)
    phone.context.clear_cookies()
    log_in(phone, "admin")
    phone.goto(branch_url)
    expect(phone.locator("#requirements")).to_be_visible()
    assert fits_phone(phone)
    phone.screenshot(path=ARTIFACTS / "requirements-375.png", full_page=True)
