"""扫码签到 as people do it: the secretary shows the code in the room, a member opens its address on her phone,
logs in, taps 签到 and is 出席; the secretary's page and record form show who signed in and when."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import fits_phone, log_in
from qingfeng.orglife.models import Meeting, MeetingAttendance
from qingfeng.orglife.tests.factories import MeetingFactory
from qingfeng.orgs.tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_a_member_signs_in_by_the_code_on_her_phone(world, page, phone):
    starts = timezone.now() - datetime.timedelta(minutes=5)
    meeting = MeetingFactory(org=world.a, created_by=world.sec_a, invited=[world.alice, world.bob],
                             kind=Meeting.Kind.GENERAL_ASSEMBLY, title="传达学习上级会议精神", starts_at=starts,
                             ends_at=starts + datetime.timedelta(hours=2), status=Meeting.Status.PUBLISHED,
                             published_at=starts - datetime.timedelta(days=1))

    log_in(page, "sec_a")
    page.goto(f"/orglife/{meeting.pk}/")
    code = page.locator("#meeting-signin svg.qf-qr")
    expect(code).to_be_visible()
    assert code.bounding_box()["width"] >= 200  # large enough to scan across the room
    expect(page.locator("#signin-count")).to_have_text("已签到 0 人，应到 2 人")
    address = page.locator("#signin-url").inner_text()
    assert re.fullmatch(r"http://[^/]+/orglife/signin/\?t=\S+", address)

    # The member's phone, not logged in: the login page, then back to the code's address.
    phone.goto(address)
    expect(phone).to_have_url(re.compile(r"/login/\?next="))
    phone.fill("#id_username", "alice")
    phone.fill("#id_password", PASSWORD)
    phone.click("button[type=submit]")
    expect(phone.locator("#signin")).to_contain_text("传达学习上级会议精神")
    expect(phone.locator("#signin")).to_contain_text("张丽")
    assert fits_phone(phone)
    phone.click("#signin-button")
    expect(phone.locator(".alert-success")).to_contain_text("签到成功：传达学习上级会议精神")
    expect(phone.locator("#attendance")).to_contain_text("出席")
    expect(phone.locator("#attendance [data-signed-in]")).to_have_text(re.compile(r"已签到 \d\d:\d\d"))
    assert fits_phone(phone)

    # A second scan changes nothing and says so.
    phone.goto(address)
    expect(phone.locator("#signin-done")).to_contain_text("您已于")
    expect(phone.locator("#signin-button")).to_have_count(0)
    row = MeetingAttendance.objects.get(meeting=meeting, member=world.alice)
    assert row.status == MeetingAttendance.Status.PRESENT and row.signed_in_at

    page.reload()
    expect(page.locator("#signin-count")).to_have_text("已签到 1 人，应到 2 人")
    expect(page.locator("#attendance tbody tr", has_text="张丽")).to_contain_text("已签到")

    # The secretary records the rest by hand; the form shows who signed in, already 出席.
    page.click("#meeting-record")
    alice = page.locator(f"#attendee-{world.alice.pk}")
    expect(alice).to_contain_text("扫码签到")
    expect(alice.locator("input[value=present]")).to_be_checked()
    bob = page.locator(f"#attendee-{world.bob.pk}")
    expect(bob).not_to_contain_text("扫码签到")
    bob.locator("label", has_text="缺席").click()
    bob.locator(".qf-reason").fill("出差")
    page.fill("#id_minutes", "传达学习上级会议精神。")
    page.click("button:has-text('保存')")
    expect(page.locator("#meeting-status")).to_have_text("已召开")
    # 1 of 2 正式党员 present: exactly half is no quorum.
    expect(page.locator("#meeting-quorum")).to_contain_text("未达到法定人数，本次会议不计入组织生活合规")
    expect(page.locator("#meeting-signin")).to_have_count(0)  # recorded: the code is gone
