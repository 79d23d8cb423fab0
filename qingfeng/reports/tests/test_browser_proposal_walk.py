"""The issue's walk of one item, as the people do it: a member of the public submits on her phone and keeps the
tracking code; the office takes it in and assigns it; the lead unit replies; she rates 不满意 by the code and the
item goes back for a second round; the unit replies again; she rates 满意; the office's dashboard shows the unit's
满意率 move from 0 % to 100 %."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import fits_phone, log_in

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def quick_pow(settings):
    settings.PROPOSAL_POW_MAX_NUMBER = 20000


def _track(phone, code):
    phone.goto("/proposals/track/")
    phone.fill("#id_code", code)
    phone.click("#track-form button[type=submit]")


def _rate(phone, code, value, comment):
    _track(phone, code)
    phone.check(f"#rate-form input[name=value][value={value}]")
    phone.fill("#rate-form textarea[name=comment]", comment)
    phone.click("#rate-form button[type=submit]")
    expect(phone.locator("#rate-done")).to_be_visible()


def _reply(unit_page, title, text):
    unit_page.goto("/proposals/assignments/")
    unit_page.click(f"#assignments a:has-text('{title}')")
    unit_page.click("#assignment-reply")
    unit_page.fill("#id_text", text)
    unit_page.click("#reply-form button[type=submit]")
    expect(unit_page.locator("#proposal-status")).to_have_text("已答复")


def _unit_rate(page, world):
    page.goto(f"/reports/proposals/?org={world.c.pk}&year={timezone.localdate().year}")
    return page.locator(f"#appraisal tr[data-org='{world.a.pk}'] td").nth(6)


def test_submit_assign_reply_unsatisfied_second_round_satisfied(world, page, second_page, phone):
    title = "学校门口缺少减速带"
    phone.goto("/proposals/new/")
    expect(phone.locator("#proposal-submit")).to_be_enabled()
    phone.fill("#id_title", title)
    phone.fill("#id_content", "上学时段车速快，建议增设减速带和警示牌。")
    phone.select_option("#id_category", label="民生保障")
    phone.fill("#id_contact_phone", "13912340000")
    phone.click("#proposal-submit")
    code = phone.locator("#tracking-code").inner_text()
    assert fits_phone(phone)

    log_in(page, "admin")
    page.goto("/proposals/")
    page.click(f"#proposals a:has-text('{title}')")
    expect(page.locator("#proposal-phone")).to_have_text("13912340000")
    page.click("#step-accept")
    expect(page.locator("#proposal-status")).to_have_text("已受理")
    page.click("#proposal-assign")
    page.fill("#id_lead_unit", "一中党支部")
    page.fill("#id_deadline", (timezone.localdate() + datetime.timedelta(days=10)).isoformat())
    page.click("button:has-text('保存')")
    expect(page.locator("#proposal-status")).to_have_text("办理中")

    log_in(second_page, "sec_a")
    _reply(second_page, title, "已联系交警部门，拟于下月安装。")

    _rate(phone, code, "unsatisfied", "还没有安装")
    expect(phone.locator("#progress-status")).to_have_text("办理中")  # back to the unit: 二次办理
    expect(_unit_rate(page, world)).to_have_text("0.0%")

    _reply(second_page, title, "减速带和警示牌已安装完毕。")
    _track(phone, code)
    expect(phone.locator("#progress-reply-2")).to_contain_text("减速带和警示牌已安装完毕")
    _rate(phone, code, "satisfied", "已经装好了，谢谢")
    expect(phone.locator("#progress-status")).to_have_text("已办结")
    assert fits_phone(phone)
    expect(_unit_rate(page, world)).to_have_text("100.0%")
