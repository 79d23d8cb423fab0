"""A secretary publishes a 主题党日, a member asks for 请假 on her phone, the secretary grants it and records
attendance: the meeting page reads 请假（reason）."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import fits_phone, log_in
from qingfeng.core.models import Notification
from qingfeng.orglife.models import Meeting

pytestmark = pytest.mark.browser


def test_publish_ask_leave_grant_and_record(world, page, phone):
    log_in(page, "sec_a")
    page.goto("/orglife/")
    page.click("#meeting-create")
    starts = timezone.localtime() + datetime.timedelta(days=2)
    page.select_option("#id_kind", Meeting.Kind.THEME_DAY)
    page.fill("#id_title", "重温入党誓词")
    page.fill("#id_starts_at", starts.strftime("%Y-%m-%dT09:00"))
    page.fill("#id_ends_at", starts.strftime("%Y-%m-%dT08:00"))
    page.fill("#id_place", "党员活动室")
    page.fill("#id_notice", "请佩戴党员徽章。")
    page.click("button:has-text('保存')")
    expect(page.locator(".invalid-feedback")).to_contain_text("结束时间须晚于开始时间")
    page.fill("#id_ends_at", starts.strftime("%Y-%m-%dT11:00"))
    page.click("button:has-text('保存')")
    expect(page.locator(".alert-success")).to_contain_text("确认无误后请发布会议通知")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('发布会议通知')")
    expect(page.locator("#meeting-status")).to_have_text("已发布")
    meeting = Meeting.objects.get()
    assert Notification.objects.filter(user=world.alice_user, title__contains="重温入党誓词").exists()

    # The member, on her phone, from the bell's link.
    log_in(phone, "alice")
    phone.goto(f"/orglife/{meeting.pk}/")
    expect(phone.locator("#meeting-notice")).to_contain_text("请佩戴党员徽章。")
    phone.fill("#id_reason", "外出培训")
    phone.click("button:has-text('申请请假')")
    expect(phone.locator(".alert-success")).to_contain_text("已提交请假申请")
    assert fits_phone(phone)

    page.reload()
    pending = page.locator("#pending-leave")
    expect(pending).to_contain_text("张丽：外出培训")
    pending.get_by_role("button", name="准假", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("已准假：张丽")

    # The meeting is held; the secretary records it (张丽 is 请假 with her reason already).
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=2),
                                                 ends_at=timezone.now() - datetime.timedelta(hours=1))
    page.reload()
    page.click("#meeting-record")
    bob = page.locator(f"#attendee-{world.bob.pk}")
    expect(bob.locator(".qf-reason")).to_be_hidden()
    bob.locator("label", has_text="缺席").click()
    expect(bob.locator(".qf-reason")).to_be_visible()
    bob.locator("label", has_text="列席").click()
    expect(bob.locator(".qf-reason")).to_be_hidden()  # 列席 is being there: no reason is asked
    bob.locator("label", has_text="出席").click()
    page.fill("#id_minutes", "全体党员重温入党誓词。")
    page.click("button:has-text('保存')")
    expect(page.locator(".alert-success")).to_contain_text("出席 1 人，列席 0 人，请假 1 人")
    expect(page.locator("#meeting-status")).to_have_text("已召开")
    rows = page.locator("#attendance tbody tr")
    expect(rows.filter(has_text="张丽")).to_contain_text("请假（外出培训）")
    expect(rows.filter(has_text="王强")).to_contain_text("出席")

    phone.reload()
    expect(phone.locator("#attendance")).to_contain_text("请假（外出培训）")
    assert fits_phone(phone)
