"""谈心谈话 as people do it: the secretary records a talk of a 支委 with a member; the member reads it on her phone,
another member of the branch does not see it; a 督办约谈 answers the 约谈 step of the ladder on the member's overdue
rectification, whose page then reads 已约谈."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import ARTIFACTS, fits_phone, log_in, open_menu
from qingfeng.ledger.supervision import run_escalation
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.orgs.models import Member, Role
from qingfeng.orgs.tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.browser


def test_record_a_talk_the_member_reads_it_and_a_talk_answers_the_ladder(world, campaign, page, phone):
    MemberFactory(org=world.a, name="陈明", committee_post=Member.CommitteePost.ORGANIZATION)
    bob_user = UserFactory(username="bob", role=Role.Kind.MEMBER, org=world.a)
    Member.objects.filter(pk=world.bob.pk).update(user=bob_user)
    # 张丽's rectification is 20 days overdue: the daily job takes every step up to 约谈 (2 × 7 days).
    problem = ProblemFactory(campaign=campaign, member=world.alice, description="学习笔记流于形式")
    RectificationFactory(problem=problem, measure="重新撰写学习笔记", due_in_days=-20)
    assert run_escalation(timezone.localdate())["talk"] == 1
    talked_on = timezone.localdate() - datetime.timedelta(days=3)

    log_in(page, "sec_a")
    page.click("nav >> text=组织生活")
    page.locator("#orglife-nav").get_by_role("link", name="谈心谈话").click()
    expect(page.locator("#talks")).to_contain_text("暂无谈心谈话记录")
    page.click("#talk-create")
    page.select_option("#id_kind", label="委员与党员")
    page.select_option("#id_talker", label="陈明")
    page.select_option("#id_talkee", label="张丽")
    page.fill("#id_date", talked_on.isoformat())
    page.fill("#id_place", "支部办公室")
    page.fill("#id_summary", "交流近期学习和工作情况，张丽谈了带教新教师的压力。")
    page.fill("#id_follow_ups", "一个月后再谈一次。")
    page.click("button:has-text('保存')")
    expect(page.locator(".alert-success")).to_contain_text("已登记谈心谈话")
    expect(page.locator("h1")).to_have_text("陈明与张丽的谈心谈话")
    expect(page.locator("#talk")).to_contain_text("委员与党员")
    expect(page.locator("#talk-follow-ups")).to_have_text("一个月后再谈一次。")
    talk_url = page.url

    # 张丽 reads it on her phone, from the menu.
    log_in(phone, "alice")
    open_menu(phone, "组织生活")
    phone.locator("#orglife-nav").get_by_role("link", name="谈心谈话").click()
    expect(phone.locator("#talk-count")).to_have_text("共 1 次谈话")
    phone.locator("#talks").get_by_role("link", name="陈明").click()
    expect(phone.locator("#talk-summary")).to_contain_text("带教新教师的压力")
    expect(phone.locator("#talk-edit")).to_have_count(0)
    assert fits_phone(phone)
    phone.screenshot(path=ARTIFACTS / "talks-member-375.png", full_page=True)

    # 王强, of the same branch, neither finds it in his list nor opens it by its address.
    phone.context.clear_cookies()
    log_in(phone, "bob")
    phone.goto("/orglife/talks/")
    expect(phone.locator("#talks")).to_contain_text("暂无谈心谈话记录")
    assert phone.request.get(talk_url).status == 404  # (a page load of it would fail the test on its console)

    # The 约谈 step: the rectification page says nobody has talked yet; the secretary records the 督办约谈.
    page.click("nav >> text=整改台账")
    page.get_by_role("link", name="重新撰写学习笔记").click()
    expect(page.locator("#supervisions")).to_contain_text("尚未约谈")
    page.click("nav >> text=组织生活")
    page.locator("#orglife-nav").get_by_role("link", name="谈心谈话").click()
    page.click("#talk-create")
    page.select_option("#id_kind", label="督办约谈")
    due = timezone.localdate() - datetime.timedelta(days=20)
    page.select_option("#id_supervision", label=f"张丽：重新撰写学习笔记（整改时限 {due:%Y-%m-%d}）")
    page.select_option("#id_talker", label="陈明")
    page.select_option("#id_talkee", label="王强")
    page.fill("#id_date", timezone.localdate().isoformat())
    page.fill("#id_summary", "约谈张丽，督促整改。")
    page.click("button:has-text('保存')")
    expect(page.locator(".invalid-feedback")).to_contain_text("所办约谈的对象是张丽")
    page.select_option("#id_talkee", label="张丽")
    page.click("button:has-text('保存')")
    expect(page.locator(".alert-success")).to_contain_text("已登记谈心谈话")
    expect(page.locator("#talk")).to_contain_text("督办约谈")
    page.screenshot(path=ARTIFACTS / "talks-detail-1280.png", full_page=True)
    page.locator("#talk-supervision").get_by_role("link", name="重新撰写学习笔记").click()
    answered = page.locator("#supervisions a", has_text="已约谈")
    today = timezone.localdate()
    expect(answered).to_have_text(f"已约谈（{today.year}年{today.month}月{today.day}日）")
    expect(page.locator("#supervisions")).not_to_contain_text("尚未约谈")
    page.screenshot(path=ARTIFACTS / "talks-rectification-1280.png", full_page=True)
    answered.click()
    expect(page.locator("#talk-summary")).to_have_text("约谈张丽，督促整改。")
