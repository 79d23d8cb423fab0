"""An org admin reads the audit log in Chromium: a mistyped password elsewhere, then her own sign-in, filtered."""

import pytest
from playwright.sync_api import expect

from conftest import log_in, try_log_in

pytestmark = pytest.mark.browser


def test_an_admin_finds_a_failed_sign_in_and_where_it_came_from(world, page):
    try_log_in(page, "sec_a", "wrong")
    expect(page.locator(".alert-danger")).to_contain_text("用户名或密码不正确")

    log_in(page, "admin")
    page.click("nav >> text=审计日志")
    expect(page.locator("h1")).to_have_text("审计日志")
    table = page.locator("#audit-log")
    expect(table.locator("tbody tr")).to_have_count(2)  # her own sign-in, newest first, then sec_a's failure
    expect(table.locator("tbody tr").first).to_contain_text("登录")
    expect(table.locator("tbody tr").first).to_contain_text("admin")

    page.select_option("#id_action", label="登录失败")
    page.click("#audit-filter button[type=submit]")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table.locator("tbody tr")).to_contain_text("sec_a")
    expect(table.locator("tbody tr")).to_contain_text("127.0.0.1")  # the address the attempt came from
    expect(table.locator("tbody tr")).to_contain_text("一中党支部")
    expect(page.locator("#audit-count")).to_have_text("共 1 条")
