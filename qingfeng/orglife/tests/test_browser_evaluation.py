"""民主评议党员 as people do it: the secretary launches it, a member writes her 个人总结 and votes on her phone,
the secretary closes voting, sees the tally and records the results; the member reads her result."""

import pytest
from playwright.sync_api import expect

from conftest import fits_phone, log_in
from qingfeng.orglife.models import Evaluation
from qingfeng.orgs.tests.factories import MemberFactory

pytestmark = pytest.mark.browser


def test_launch_write_vote_close_and_decide(world, page, phone):
    MemberFactory(org=world.a, name="陈新")
    log_in(page, "sec_a")
    page.goto("/orglife/evaluations/")
    page.click("#evaluation-create")
    page.fill("#id_excellent_cap", "40")
    page.click("button:has-text('保存')")
    expect(page.locator(".alert-success")).to_contain_text("请通知党员撰写个人总结并投票")
    expect(page.locator("#evaluation-progress")).to_contain_text("参评 3 人，已提交个人总结 0 人，已投票 0 人")
    evaluation = Evaluation.objects.get()

    log_in(phone, "alice")
    phone.goto(f"/orglife/evaluations/{evaluation.pk}/")
    phone.click("#evaluation-summary")
    phone.fill("#id_text", "按时参加组织生活，学习还不够深入。")
    phone.click("button:has-text('保存')")
    expect(phone.locator(".alert-success")).to_contain_text("已提交个人总结")
    phone.click("#evaluation-vote")
    phone.locator(".card", has_text="王强").locator("label", has_text="优秀").click()
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.click("button:has-text('提交选票')")
    expect(phone.locator(".alert-danger")).to_contain_text("陈新")  # everyone must be rated
    phone.locator(".card", has_text="王强").locator("label", has_text="优秀").click()
    phone.locator(".card", has_text="陈新").locator("label", has_text="基本合格").click()
    assert fits_phone(phone)
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.click("button:has-text('提交选票')")
    expect(phone.locator(".alert-success")).to_contain_text("投票不记名")
    expect(phone.locator("#my-evaluation")).to_contain_text("已投票")

    page.reload()
    expect(page.locator("#evaluation-progress")).to_contain_text("已提交个人总结 1 人，已投票 1 人")
    # 王强 and 陈新 have no login: they vote on paper, the secretary ticks them and enters the two ballots
    page.click("#evaluation-paper")
    page.locator("#paper-voters label", has_text="王强").click()
    page.locator("#paper-voters label", has_text="陈新").click()
    page.click("button:has-text('登记已交选票')")
    expect(page.locator("#paper-due")).to_have_text("待录入 2 张")
    ballot = page.locator("#paper-ballot")
    ballot.get_by_label("张丽").select_option("qualified")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('录入这张选票')")
    expect(page.locator("#paper-ballot .alert-danger")).to_contain_text("这张有 2 人未评：陈新、王强")
    ballot.get_by_label("陈新").select_option("qualified")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('录入这张选票')")
    expect(page.locator(".alert-success")).to_contain_text("已录入一张纸质选票")
    expect(page.locator("#paper-due")).to_have_text("待录入 1 张")
    ballot.get_by_label("张丽").select_option("excellent")
    ballot.get_by_label("王强").select_option("qualified")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('录入这张选票')")
    expect(page.locator("#paper-due")).to_have_text("待录入 0 张")
    page.click("text=返回")
    expect(page.locator("#evaluation-progress")).to_contain_text("已投票 3 人")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#evaluation-close")
    expect(page.locator("#evaluation-status")).to_have_text("已截止投票")
    expect(page.locator("#participants tr", has_text="王强")).to_contain_text("1")
    # 张丽: 优秀 from 陈新's paper ballot, 合格 from 王强's
    expect(page.locator("#participants tr", has_text="张丽").locator("td.text-end")).to_have_text(["1", "1", "0", "0"])
    page.click("#evaluation-results")
    for name, grade in [("张丽", "excellent"), ("王强", "excellent"), ("陈新", "qualified")]:
        page.locator("tr", has_text=name).locator("select").first.select_option(grade)
    page.click("button:has-text('保存评议结果')")
    expect(page.locator("#results-error")).to_contain_text("超过上限 1 人")
    page.locator("tr", has_text="王强").locator("select").first.select_option("qualified")
    page.click("button:has-text('保存评议结果')")
    expect(page.locator("#evaluation-status")).to_have_text("已确定结果")

    phone.reload()
    expect(phone.locator("#my-result")).to_have_text("优秀")
