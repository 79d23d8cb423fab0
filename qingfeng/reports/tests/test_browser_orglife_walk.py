"""Organization life end to end, as the issue walks it: a secretary publishes a 主题党日, a member asks for leave,
another signs in by the QR address on his phone, the secretary adds minutes and a photo, and the branch's cell of
this month in the compliance grid turns green."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import fits_phone, log_in
from qingfeng.orglife.models import Meeting, MeetingFile, Requirement
from qingfeng.orgs.models import Member, Role
from qingfeng.orgs.tests.factories import UserFactory

pytestmark = pytest.mark.browser
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def test_publish_leave_sign_in_record_and_the_cell_turns_green(world, page, phone):
    # Only a monthly 主题党日 is asked of branches, so this month's cell waits for that one meeting.
    for subject in Requirement.Subject.values:
        if not subject.startswith("hours"):
            Requirement.objects.create(org=world.c, subject=subject, period="month",
                                       minimum=1 if subject == "theme_day" else 0, changed_by=world.admin)
    bob_user = UserFactory(username="bob", role=Role.Kind.MEMBER, org=world.a)
    Member.objects.filter(pk=world.bob.pk).update(user=bob_user)

    log_in(page, "sec_a")
    page.goto(f"/reports/orglife/compliance/?org={world.a.pk}")
    month = timezone.localdate().month
    cell = page.locator(f"#compliance-grid tr[data-org='{world.a.pk}'] td.qf-cell").nth(month - 1)
    expect(cell).to_have_attribute("data-state", "pending")

    page.goto("/orglife/")
    page.click("#meeting-create")
    starts = timezone.localtime() + datetime.timedelta(days=1)
    page.select_option("#id_kind", Meeting.Kind.THEME_DAY)
    page.fill("#id_title", "重温入党誓词")
    page.fill("#id_starts_at", starts.strftime("%Y-%m-%dT09:00"))
    page.fill("#id_ends_at", starts.strftime("%Y-%m-%dT11:00"))
    page.fill("#id_place", "党员活动室")
    page.click("button:has-text('保存')")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('发布会议通知')")
    expect(page.locator("#meeting-status")).to_have_text("已发布")
    meeting = Meeting.objects.get()

    # 张丽 asks for leave on her phone before it starts.
    log_in(phone, "alice")
    phone.goto(f"/orglife/{meeting.pk}/")
    phone.fill("#id_reason", "外出培训")
    phone.click("button:has-text('申请请假')")
    expect(phone.locator(".alert-success")).to_contain_text("已提交请假申请")

    # The meeting begins (this month, whatever today is): the secretary shows the code, 王强 scans it on his phone.
    now = timezone.now()
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=now - datetime.timedelta(minutes=5),
                                                 ends_at=now + datetime.timedelta(hours=1))
    page.reload()
    address = page.locator("#signin-url").inner_text()
    phone.context.clear_cookies()  # another member's phone
    log_in(phone, "bob")
    phone.goto(address)
    phone.click("#signin-button")
    expect(phone.locator(".alert-success")).to_contain_text("签到成功：重温入党誓词")
    assert fits_phone(phone)

    # The secretary records it: 王强 signed in, 张丽 was away; minutes and a photo.
    page.click("#meeting-record")
    expect(page.locator(f"#attendee-{world.bob.pk}")).to_contain_text("扫码签到")
    alice = page.locator(f"#attendee-{world.alice.pk}")
    alice.locator("label", has_text="请假").click()
    alice.locator(".qf-reason").fill("外出培训")
    page.fill("#id_minutes", "全体党员重温入党誓词。")
    page.set_input_files("#id_files", files=[{"name": "合影.png", "mimeType": "image/png", "buffer": PNG}])
    page.click("button:has-text('保存')")
    expect(page.locator("#meeting-status")).to_have_text("已召开")
    expect(page.locator("#meeting-files")).to_contain_text("合影.png")
    assert MeetingFile.objects.filter(meeting=meeting).count() == 1

    page.goto(f"/reports/orglife/compliance/?org={world.a.pk}")
    expect(cell).to_have_attribute("data-state", "ok")
    expect(cell).to_have_text(re.compile("达标"))
