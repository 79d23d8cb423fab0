"""验收销号 in Chromium: the secretary confirms and writes a 验收意见; the owner finds it under her bell."""

import pytest
from playwright.sync_api import expect

from conftest import log_in
from qingfeng.ledger.models import Evidence, Rectification
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.ledger.workflow import rectification_workflow

pytestmark = pytest.mark.browser


def test_a_reviewer_accepts_with_an_opinion_and_the_owner_is_told(campaign, world, page, phone):
    rectification = RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice),
                                         measure="每周集中学习一次，撰写学习笔记")
    Evidence.objects.create(rectification=rectification, note="学习笔记", uploaded_by=world.alice_user)
    rectification_workflow.perform(world.alice_user, rectification, "start")
    rectification_workflow.perform(world.alice_user, rectification, "submit")

    log_in(page, "sec_a")
    page.goto(f"/rectifications/{rectification.pk}/")
    page.fill("#text-accept", "整改到位，学习笔记完整，同意销号")
    # Asked first; saying no leaves it waiting.
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.click("button:has-text('验收销号')")
    expect(page.locator("#status")).to_contain_text("待验收")
    assert asked and asked[0].startswith("确认验收销号？")
    assert Rectification.objects.get(pk=rectification.pk).status == "submitted"

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('验收销号')")
    expect(page.locator(".alert-success")).to_contain_text("已验收销号")
    expect(page.locator("#review-comment")).to_have_text("整改到位，学习笔记完整，同意销号")
    expect(page.locator("#return-reason")).to_have_count(0)

    # The owner, on her phone, sees the bell's count and follows it to the opinion.
    log_in(phone, "alice")
    expect(phone.locator("#qf-unread")).to_have_text("1")
    phone.click("#qf-bell")
    notice = phone.get_by_text("整改已验收销号：每周集中学习一次")
    expect(notice).to_be_visible()
    expect(phone.locator("#notifications")).to_contain_text("验收意见：整改到位，学习笔记完整，同意销号")
    notice.click()
    phone.wait_for_url(f"**/rectifications/{rectification.pk}/")
    expect(phone.locator("#status")).to_contain_text("已销号")
    expect(phone.locator("#review-comment")).to_have_text("整改到位，学习笔记完整，同意销号")
    expect(phone.locator("#qf-unread")).to_have_count(0)
