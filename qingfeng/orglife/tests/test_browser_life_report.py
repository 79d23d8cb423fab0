"""A 民主生活会 from preparation to report, as the secretary reads and does it: the meeting page shows what was prepared
(征求意见, 谈心谈话, 对照检查材料) and that the report to the superior is overdue; she records the opinions and the
report (上报) with its note, and the page then reads when it was reported, with the button gone."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import ARTIFACTS, fits_phone, log_in
from qingfeng.inspection.models import SelfInspection
from qingfeng.orglife.life import LIFE_REPORT_DAYS
from qingfeng.orglife.models import Meeting, Talk
from qingfeng.orglife.tests.factories import MeetingFactory

pytestmark = pytest.mark.browser


def test_the_preparation_is_shown_and_the_secretary_reports_the_meeting(world, campaign, page, phone):
    start = timezone.localtime() - datetime.timedelta(days=LIFE_REPORT_DAYS + 5)
    MeetingFactory(org=world.a, created_by=world.sec_a, kind=Meeting.Kind.DEMOCRATIC_LIFE, title="班子民主生活会",
                   starts_at=start, ends_at=start + datetime.timedelta(hours=3), status=Meeting.Status.HELD,
                   invited=[world.alice, world.bob])
    Talk.objects.create(org=world.a, kind=Talk.Kind.MEMBERS, talker=world.alice, talkee=world.bob,
                        date=start.date() - datetime.timedelta(days=10), summary="会前谈心", created_by=world.sec_a)
    SelfInspection.objects.create(campaign=campaign, member=world.alice, org=world.a,
                                  status=SelfInspection.Status.SUBMITTED,
                                  submitted_at=start - datetime.timedelta(days=2))
    due = start.date() + datetime.timedelta(days=LIFE_REPORT_DAYS)

    log_in(page, "sec_a")
    page.click("nav >> text=组织生活")
    page.get_by_role("link", name="班子民主生活会").click()
    steps = page.locator("#life-steps")
    expect(steps).to_contain_text("征求意见：未记录")
    expect(steps).to_contain_text("谈心谈话：会前 60 天内参会人员之间谈话 1 次，涉及 2 / 2 人")
    expect(steps).to_contain_text("对照检查材料：1 / 2 人已提交")
    report = page.locator("#life-report")
    expect(report).to_contain_text(f"应于 {due.year}年{due.month}月{due.day}日 前上报上级")
    expect(report.locator(".badge")).to_have_text("已逾期")

    # The opinions gathered before the meeting go in through 修改.
    page.click("#meeting-edit")
    page.fill("#id_opinions", "向服务对象发放征求意见表 40 份，收回意见 6 条。")
    page.click("button:has-text('保存')")
    expect(page.locator(".alert-success")).to_contain_text("已保存修改")
    expect(steps).to_contain_text("征求意见：已记录")
    expect(steps).to_contain_text("收回意见 6 条")

    report.get_by_role("textbox", name="上报情况说明").fill("报县委组织部，清组〔2026〕12号")
    report.get_by_role("button", name="已上报上级").click()
    expect(page.locator(".alert-success")).to_contain_text("已登记上报上级")
    today = timezone.localdate()
    expect(report).to_have_text(
        f"会后上报：已于 {today.year}年{today.month}月{today.day}日 上报上级（报县委组织部，清组〔2026〕12号）")
    expect(report.get_by_role("button")).to_have_count(0)
    expect(report.locator(".badge")).to_have_count(0)  # no longer overdue
    page.screenshot(path=ARTIFACTS / "life-report-1280.png", full_page=True)

    # At 375 px the same page reads without sideways scrolling.
    log_in(phone, "sec_a")
    phone.goto(page.url)
    expect(phone.locator("#life-report")).to_contain_text("已于")
    assert fits_phone(phone)
    phone.screenshot(path=ARTIFACTS / "life-report-375.png", full_page=True)
