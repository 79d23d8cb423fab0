"""A branch secretary's morning, in Chromium: tree, roster import, members, history."""

import pytest
from playwright.sync_api import expect

from conftest import fits_phone, log_in, open_menu
from qingfeng.orgs.tests.test_roster_import_view import ROW, upload

pytestmark = pytest.mark.browser


def test_a_secretary_imports_a_roster_and_reads_a_history(world, page, tmp_path):
    log_in(page, "sec_a")
    expect(page.locator("h1")).to_contain_text("我的")

    page.click("text=组织架构")
    tree = page.locator("#org-tree")
    toggle = page.locator("button[aria-label='展开或收起一中党支部']")
    toggle.click()
    expect(tree.locator("text=一中第一党小组")).to_be_visible()
    toggle.click()
    expect(tree.locator("text=一中第一党小组")).to_have_count(0)

    tree.locator("a", has_text="一中党支部").click()
    page.click("text=导入花名册")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(upload({**ROW, "出生日期": "1990-02-30"}).read())
    page.set_input_files("#id_file", str(bad))
    page.click("button:has-text('导入')")
    expect(page.locator("#import-errors")).to_contain_text("第 2 行")

    good = tmp_path / "roster.xlsx"
    good.write_bytes(upload(ROW, {**ROW, "姓名": "郑和平", "出生日期": "1988-08-08"}).read())
    page.set_input_files("#id_file", str(good))
    page.click("button:has-text('导入')")
    expect(page.locator(".alert-success")).to_contain_text("新增 2 人")
    table = page.locator("table")
    expect(table.locator("text=周新")).to_be_visible()
    expect(table.locator("text=郑和平")).to_be_visible()

    table.locator("a", has_text="周新").click()
    page.click("text=编辑")
    page.fill("#id_position", "教研组长")
    page.click("button:has-text('保存')")
    expect(page.locator(".alert-success")).to_contain_text("已保存")
    page.click("text=变更记录")
    history = page.locator("#history")
    expect(history).to_contain_text("教研组长")
    expect(history).to_contain_text("花名册导入")


def test_a_member_reads_their_record_on_a_phone(world, phone):
    log_in(phone, "alice")
    open_menu(phone, "我的档案")
    expect(phone.locator("h1")).to_contain_text("张丽")
    assert fits_phone(phone)
    phone.click("text=变更记录")
    expect(phone.locator("#history")).to_contain_text("创建")
    assert fits_phone(phone)


def test_the_members_table_fits_a_phone(world, phone):
    log_in(phone, "sec_a")
    open_menu(phone, "组织架构")
    phone.locator("#org-tree a", has_text="一中党支部").click()
    expect(phone.locator("h1")).to_contain_text("一中党支部")
    expect(phone.locator("table")).to_contain_text("张丽")
    assert fits_phone(phone)
