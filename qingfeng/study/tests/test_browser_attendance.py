"""A secretary records who was 出席, 请假 (and why) and 缺席; the activity page reads as recorded, on a phone too."""

import pytest
from playwright.sync_api import expect

from conftest import fits_phone, log_in
from qingfeng.study.models import Attendance
from qingfeng.study.tests.test_study_attendance import make_activity

pytestmark = pytest.mark.browser


def test_a_secretary_records_leave_with_a_reason_and_an_absence(campaign, world, page, phone):
    activity = make_activity(campaign, world.a, topic="警示教育大会")
    address = f"/campaigns/{campaign.pk}/study/{activity.pk}/"
    log_in(page, "sec_a")
    page.goto(address)
    page.get_by_role("link", name="登记出勤").click()

    alice = page.locator(f"#attendee-{world.alice.pk}")
    bob = page.locator(f"#attendee-{world.bob.pk}")
    expect(alice.get_by_label("张丽的请假或缺席原因")).to_be_hidden()  # 出席 by default: no reason asked
    bob.get_by_text("请假", exact=True).click()
    page.click("button:has-text('保存出勤')")
    expect(page.locator("#attendance-errors")).to_contain_text("「王强」请假，请填写请假原因")
    assert not Attendance.objects.exists()

    page.locator(f"#attendee-{world.bob.pk}").get_by_label("王强的请假或缺席原因").fill("外出培训")
    page.locator(f"#attendee-{world.alice.pk}").get_by_text("缺席", exact=True).click()
    page.click("button:has-text('保存出勤')")
    expect(page.locator(".alert-success")).to_contain_text("应到 2 人，实到 0 人，请假 1 人，缺席 1 人")
    rows = page.locator("#attendance tbody tr")
    expect(rows.filter(has_text="王强")).to_contain_text("请假（外出培训）")
    expect(rows.filter(has_text="张丽")).to_contain_text("缺席")
    expect(rows.filter(has_text="张丽")).not_to_contain_text("出席")

    # The same on the secretary's phone: the page and the form fit.
    log_in(phone, "sec_a")
    phone.goto(address)
    expect(phone.locator("#attendance")).to_contain_text("请假（外出培训）")
    assert fits_phone(phone)
    phone.get_by_role("link", name="登记出勤").click()
    expect(phone.locator(f"#attendee-{world.bob.pk}").get_by_label("王强的请假或缺席原因")).to_have_value("外出培训")
    assert fits_phone(phone)
