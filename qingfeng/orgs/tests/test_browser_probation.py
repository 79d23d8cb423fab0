"""On a phone, a secretary imports a roster: an impossible date is called so, a 预备党员 past the year is
imported with a warning, and the branch page lists members by pinyin and finds those due for 转正."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import fits_phone, log_in, open_menu
from qingfeng.orgs.tests.test_roster_import_view import ROW, upload

pytestmark = pytest.mark.browser


def test_a_secretary_is_told_who_is_due_for_full_membership(world, phone, tmp_path):
    joined = timezone.localdate() - datetime.timedelta(days=400)
    log_in(phone, "sec_a")
    open_menu(phone, "组织架构")
    phone.locator("#org-tree a", has_text="一中党支部").click()
    phone.click("text=导入花名册")

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(upload({**ROW, "出生日期": "1990年2月30日"}).read())
    phone.set_input_files("#id_file", str(bad))
    phone.click("button:has-text('导入')")
    expect(phone.locator("#import-errors")).to_contain_text(
        "第 2 行「出生日期」：1990年2月30日 不存在：1990年2月只有 28 天")

    good = tmp_path / "roster.xlsx"
    good.write_bytes(upload({**ROW, "姓名": "艾米", "党员类别": "预备党员", "入党日期": joined.isoformat()}).read())
    phone.set_input_files("#id_file", str(good))
    phone.click("button:has-text('导入')")
    expect(phone.locator(".alert-success")).to_contain_text("新增 1 人")
    expect(phone.locator(".alert-warning").first).to_contain_text("第 2 行 艾米：预备党员，入党日期")
    expect(phone.locator("#probation-over")).to_contain_text("有 1 名预备党员预备期已满一年")
    names = phone.locator("table tbody tr td:first-child").all_inner_texts()
    assert names == ["艾米", "王强", "张丽"]  # ai, wang, zhang
    assert fits_phone(phone)

    phone.click("text=查看预备期已满的党员")
    expect(phone.locator("table tbody tr")).to_have_count(1)
    expect(phone.locator("table")).to_contain_text("艾米")
    expect(phone.locator("#id_category")).to_have_value("probation_over")
    assert fits_phone(phone)
