"""The office takes an item in and assigns it from the menu, the lead unit's secretary posts progress and replies on
her phone, the office publishes the reply: each page shows what was done."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import fits_phone, log_in
from qingfeng.proposals.models import Proposal

from .factories import submitted

pytestmark = pytest.mark.browser


def test_accept_assign_progress_reply_and_publish(world, page, phone):
    proposal, _code = submitted(world, title="校门口路灯不亮", phone="13755550000")

    log_in(page, "admin")
    page.click("#proposals-menu .dropdown-toggle")
    page.click("#proposals-menu a:has-text('受理')")
    expect(page.locator("#proposals")).to_contain_text(proposal.number)
    page.click("#proposals a:has-text('校门口路灯不亮')")
    expect(page.locator("#proposal-phone")).to_have_text("13755550000")
    page.click("#step-accept")
    expect(page.locator("#proposal-status")).to_have_text("已受理")
    page.click("#proposal-assign")
    page.fill("#id_lead_unit", "一中")
    page.fill("#id_co_units", "B")
    page.fill("#id_deadline", "2020-01-01")
    page.click("button:has-text('保存')")
    expect(page.locator(".invalid-feedback").first).to_contain_text("找不到组织「一中」")
    expect(page.locator(".invalid-feedback").nth(1)).to_contain_text("办理时限不能早于今天")
    page.fill("#id_lead_unit", "一中党支部")
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    page.fill("#id_deadline", deadline.isoformat())
    page.click("button:has-text('保存')")
    expect(page.locator(".alert-success")).to_contain_text("主办单位一中党支部已收到通知")
    expect(page.locator("#proposal-status")).to_have_text("办理中")
    expect(page.locator("#proposal-assignments")).to_contain_text("二中党支部")
    page.screenshot(path="/tmp/proposal_detail.png", full_page=True)

    # The lead unit's secretary, on her phone: the phone masked, progress, then the reply.
    log_in(phone, "sec_a")
    phone.click(".navbar-toggler")
    expect(phone.locator("#qf-nav")).to_have_class(re.compile(r"\bshow\b"))
    phone.click("#proposals-menu .dropdown-toggle")  # the dropdown opens within the collapsed menu
    phone.click("#proposals-menu a:has-text('承办事项')")
    phone.click("#assignments a:has-text('校门口路灯不亮')")
    expect(phone.locator("#proposal-phone")).to_have_text("137****0000")
    phone.fill("#id_text", "已到现场查看，联系供电所")
    phone.check("#id_public")
    phone.click("button:has-text('保存进展')")
    expect(phone.locator("#proposal-progress")).to_contain_text("已到现场查看")
    expect(phone.locator("#proposal-progress [data-public]")).to_have_count(1)
    phone.click("#assignment-reply")
    expect(phone.locator("#reply-pending")).to_contain_text("二中党支部")
    phone.fill("#id_text", "已更换路灯，恢复照明。")
    phone.click("button:has-text('答复')")
    expect(phone.locator(".alert-success")).to_contain_text("已答复")
    expect(phone.locator("#proposal-status")).to_have_text("已答复")
    assert fits_phone(phone)
    phone.screenshot(path="/tmp/assignment_detail_phone.png", full_page=True)

    page.reload()
    expect(page.locator("#reply-1")).to_contain_text("已更换路灯")
    page.click("#proposal-publish")
    expect(page.locator("#proposal-published")).to_have_text("已公开")
    assert Proposal.objects.get(pk=proposal.pk).published
