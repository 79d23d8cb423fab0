"""The county admin opens the 组织生活合规 grid, reads a red cell's missing kinds, drills into a branch and, on
its rules page, drops a requirement: the branch's cell no longer lists it. On a phone the grid scrolls inside
its box."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import fits_phone, log_in
from qingfeng.orglife.models import Meeting
from qingfeng.orglife.tests.factories import MeetingFactory

pytestmark = pytest.mark.browser


def test_read_a_red_cell_drill_down_and_change_a_rule(world, page, phone):
    last_year = timezone.localdate().year - 1  # every month of it has ended, whatever day the test runs
    january = datetime.datetime(last_year, 1, 9, 9, tzinfo=timezone.get_current_timezone())
    MeetingFactory(org=world.b, kind=Meeting.Kind.COMMITTEE, status=Meeting.Status.HELD, created_by=world.sec_b,
                   starts_at=january)
    log_in(page, "admin")
    page.goto("/me/")
    page.click("#compliance-link")
    expect(page.locator("#compliance-org")).to_have_text("清风县委")
    page.locator("#compliance-links").get_by_role("link", name=f"{last_year}年").click()
    expect(page.locator("h1")).to_contain_text(f"{last_year}年")
    expect(page.locator("#compliance-summary")).to_contain_text("0 / 2")
    branch_b = page.locator(f"#compliance-grid tr[data-org='{world.b.pk}']")
    expect(branch_b.locator("td").first).to_have_text("缺：主题党日")  # its 支委会 was held in January
    branch_a = page.locator(f"#compliance-grid tr[data-org='{world.a.pk}']")
    expect(branch_a.locator("td").first).to_have_text("缺：支委会、党小组会（一中第一党小组）、主题党日")

    branch_b.get_by_role("link", name="二中党支部").click()
    expect(page.locator("#compliance-org")).to_have_text("二中党支部")
    expect(page.locator("#compliance-grid tbody tr")).to_have_count(1)
    expect(page.locator("#hours-below")).to_contain_text("李梅")

    page.click("#requirements-link")
    page.select_option("#id_subject", "theme_day")
    page.fill("#id_minimum", "0")
    page.click("#rule-save")
    expect(page.locator(".alert-success")).to_contain_text("已保存：二中党支部及下级组织的主题党日不作要求")
    expect(page.locator("#requirement-history")).to_contain_text("主题党日")
    page.goto(f"/reports/orglife/compliance/?org={world.b.pk}&year={last_year}")
    expect(page.locator(f"#compliance-grid tr[data-org='{world.b.pk}'] td").first).to_have_text("达标")

    log_in(phone, "admin")
    phone.goto("/reports/orglife/compliance/")
    expect(phone.locator("#compliance-grid")).to_be_visible()
    assert fits_phone(phone)


def test_record_a_branch_founded_mid_year_and_its_earlier_months_read_not_founded(world, page):
    last_year = timezone.localdate().year - 1
    log_in(page, "admin")
    page.goto(f"/orgs/{world.b.pk}/")
    page.click("#org-edit")
    page.fill("#id_founded_on", f"{last_year + 2}-01-01")  # a date to come is refused, naming the field
    page.click("button:has-text('保存')")
    expect(page.locator(".invalid-feedback")).to_contain_text("成立日期不能晚于今天")
    page.fill("#id_founded_on", f"{last_year}-05-15")
    page.click("button:has-text('保存')")
    expect(page.locator(".alert-success")).to_contain_text("已保存「二中党支部」")
    expect(page.locator("#org-founded")).to_have_text(f"{last_year}年5月15日成立")

    page.goto(f"/reports/orglife/compliance/?org={world.g.pk}&year={last_year}")
    cells = page.locator(f"#compliance-grid tr[data-org='{world.b.pk}'] td.qf-cell[data-state]")
    expect(cells.nth(0)).to_have_text("未成立")
    expect(cells.nth(4)).to_have_text("未成立")  # May: founded on the 15th, not a whole month
    expect(cells.nth(5)).to_contain_text("缺：")  # June, its first whole month, is judged
    expect(cells.nth(5)).not_to_contain_text("支部党员大会")  # the second quarter began before it was founded
    expect(cells.nth(8)).to_contain_text("支部党员大会")  # the third quarter is judged in September
