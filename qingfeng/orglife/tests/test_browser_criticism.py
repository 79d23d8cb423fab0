"""批评意见 into 问题 as people do it: after the 组织生活会 the secretary records a criticism of a member and turns
it into a problem of the active campaign with one click; the problem page says where it came from and leads back to
the meeting, the campaign's problem list reads 批评意见, and the member reads both on her phone."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import ARTIFACTS, fits_phone, log_in
from qingfeng.orglife.models import Meeting
from qingfeng.orglife.tests.factories import MeetingFactory

pytestmark = pytest.mark.browser


def test_a_criticism_becomes_a_problem_linked_both_ways(world, campaign, page, phone):
    start = timezone.localtime() - datetime.timedelta(days=3)
    MeetingFactory(org=world.a, created_by=world.sec_a, kind=Meeting.Kind.ORG_LIFE, title="年度组织生活会",
                   starts_at=start, ends_at=start + datetime.timedelta(hours=2), status=Meeting.Status.HELD,
                   invited=[world.alice, world.bob])

    log_in(page, "sec_a")
    page.click("nav >> text=组织生活")
    page.get_by_role("link", name="年度组织生活会").click()
    expect(page.locator("#criticism-list")).to_have_text("尚未登记批评意见")
    page.click("#criticism-create")
    page.select_option("#id_member", label="张丽")
    page.select_option("#id_kind", label="相互批评")
    page.fill("#id_text", "理论学习时间安排不够，学习笔记照抄原文多、联系实际少。")
    page.click("button:has-text('保存')")
    expect(page.locator(".invalid-feedback")).to_contain_text("相互批评请选择提出人")
    page.select_option("#id_critic", label="王强")
    page.click("button:has-text('保存')")
    expect(page.locator(".alert-success")).to_contain_text("已登记批评意见")
    item = page.locator("#criticism-list li")
    expect(item).to_contain_text("王强对张丽的批评")
    meeting_url = page.url.split("#")[0]

    # One click: the campaign is the only active one, already chosen.
    expect(item.locator("select[name=campaign]")).to_have_value(str(campaign.pk))
    item.get_by_role("button", name="转为问题").click()
    expect(page.locator(".alert-success")).to_contain_text("已转为「作风专项整治」的查摆问题，请布置整改措施")
    expect(item.get_by_role("button", name="转为问题")).to_have_count(0)
    page.screenshot(path=ARTIFACTS / "criticism-meeting-1280.png", full_page=True)
    item.get_by_role("link", name="作风专项整治").click()

    expect(page.locator("h1")).to_contain_text("张丽的问题")
    expect(page.locator("h1 .badge")).to_have_text("批评意见")
    expect(page.locator("#problem-description")).to_have_text("理论学习时间安排不够，学习笔记照抄原文多、联系实际少。")
    expect(page.locator("dl")).to_contain_text(f"{start.year}年{start.month}月{start.day}日组织生活会「年度组织生活会」上的相互批评")
    page.screenshot(path=ARTIFACTS / "criticism-problem-1280.png", full_page=True)
    problem_url = page.url
    page.locator("#problem-criticism").get_by_role("link").click()
    expect(page.locator("#criticism-list")).to_contain_text("已转为问题：作风专项整治")
    assert page.url.split("#")[0] == meeting_url

    page.goto(problem_url)
    page.get_by_role("link", name="作风专项整治 · 查摆问题").click()
    row = page.locator("table tbody tr", has_text="理论学习时间安排不够")
    expect(row).to_contain_text("批评意见")
    expect(row).to_contain_text("张丽")

    # 张丽 reads the item about her, and where it went, on her phone.
    log_in(phone, "alice")
    phone.goto(meeting_url)
    expect(phone.locator("#criticism-list")).to_contain_text("王强对张丽的批评")
    phone.locator("#criticism-list").get_by_role("link", name="作风专项整治").click()
    expect(phone.locator("#problem-criticism")).to_contain_text("会议上的批评意见")
    assert fits_phone(phone)
    phone.screenshot(path=ARTIFACTS / "criticism-problem-375.png", full_page=True)
