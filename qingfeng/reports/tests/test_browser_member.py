"""A member's 学 · 查 on a phone: reflection returned and resubmitted, self-inspection, commitment.

Alice works at 375 px; her secretary reviews at a desk.
"""

import pytest
from playwright.sync_api import expect

from conftest import fits_phone, log_in
from qingfeng.ledger.models import Problem

pytestmark = pytest.mark.browser


def test_a_member_studies_inspects_and_signs_on_a_phone(campaign, world, phone, page):
    base = f"/campaigns/{campaign.pk}"
    log_in(phone, "alice")
    log_in(page, "sec_a")

    # Alice writes a reflection and submits it.
    phone.goto(f"{base}/reflections/")
    expect(phone.locator("#my-reflections")).to_contain_text("还没有撰写心得体会")
    phone.click("text=撰写心得体会")
    phone.fill("#id_title", "学习党章的体会")
    phone.fill("#id_body", "通过学习党章，我认识到要把纪律挺在前面。")
    assert fits_phone(phone)
    phone.click("button:has-text('提交审阅')")
    expect(phone.locator(".alert-success")).to_contain_text("心得体会已提交，等待审阅")
    expect(phone.locator("#reflection-status")).to_have_text("待审阅")
    assert fits_phone(phone)

    # Her secretary returns it with a comment.
    page.goto(f"{base}/reflections/")
    expect(page.locator("#reflection-counts")).to_contain_text("一中党支部")
    page.locator("#reflections").get_by_role("link", name="学习党章的体会").click()
    expect(page.locator("#reflection-body")).to_contain_text("把纪律挺在前面")
    page.click("button:has-text('退回修改')")
    expect(page.locator(".alert-danger")).to_contain_text("请填写退回意见")
    page.fill("#id_text", "请结合教学工作举出具体事例")
    page.click("button:has-text('退回修改')")
    expect(page.locator("#reflection-status")).to_have_text("已退回")

    # Alice sees the comment, revises and resubmits.
    phone.reload()
    expect(phone.locator("#reflection-status")).to_have_text("已退回")
    expect(phone.locator("#review-comment")).to_contain_text("请结合教学工作举出具体事例")
    phone.click("main >> text=修改")  # not the navbar's 修改密码
    expect(phone.locator("#review-comment")).to_contain_text("请结合教学工作举出具体事例")
    phone.fill("#id_body", "通过学习党章，我认识到要把纪律挺在前面。比如在招生工作中严守规定。")
    phone.click("button:has-text('提交审阅')")
    expect(phone.locator("#reflection-status")).to_have_text("待审阅")
    expect(phone.locator("#history")).to_contain_text("退回修改：请结合教学工作举出具体事例")

    # The secretary accepts it; the history tells the whole story.
    page.reload()
    expect(page.locator("#reflection-body")).to_contain_text("招生工作")
    page.click("button:has-text('通过')")
    expect(page.locator("#reflection-status")).to_have_text("已通过")
    history = page.locator("#history")
    for step in ("撰写", "退回修改：请结合教学工作举出具体事例", "修改", "通过"):
        expect(history).to_contain_text(step)
    phone.goto(f"{base}/reflections/")
    expect(phone.locator("#my-reflections")).to_contain_text("已通过")

    # Alice fills her self-inspection: one item 存在, the rest 未发现.
    phone.click("#campaign-tabs >> text=对照检查")
    expect(phone.locator("h1")).to_have_text("我的对照检查")
    assert fits_phone(phone)
    first = phone.locator("[id='item-1.1']")
    first.get_by_text("存在", exact=True).click()
    first.get_by_label("问题描述").fill("理论学习不系统，满足于碎片化阅读")
    first.get_by_label("具体事例").fill("比如：今年只读完一本原著")
    first.get_by_label("所属维度").select_option("政治素质")
    for code in ("1.2", "2.1", "2.2"):
        phone.locator(f"[id='item-{code}']").get_by_text("未发现", exact=True).click()
    expect(phone.locator("[id='item-1.2']").get_by_label("问题描述")).to_be_hidden()
    phone.fill("#id_study_summary", "学习后对照检查，找到差距。")
    phone.fill("#id_root_cause", "放松了理论学习。")
    phone.click("button:has-text('提交')")
    expect(phone.locator("#inspection-errors")).to_contain_text("第 2.3 条「脱离群众」：请选择对照结果")
    expect(phone.locator("#inspection-errors")).to_contain_text("「整改措施」不能为空")
    assert not Problem.objects.exists()

    phone.locator("[id='item-2.3']").get_by_text("未发现", exact=True).click()
    phone.fill("#id_measures_summary", "每周读原著两小时。")
    phone.click("button:has-text('提交')")
    expect(phone.locator(".alert-success")).to_contain_text("查摆出的 1 个问题已列入问题清单")
    expect(phone.locator("#inspection-status")).to_have_text("已提交")
    expect(phone.locator("#inspection-problems")).to_contain_text("理论学习不系统")
    expect(phone.locator("[id='item-1.1']")).to_contain_text("比如：今年只读完一本原著")
    assert fits_phone(phone)
    problem = Problem.objects.get()
    assert (problem.member, problem.source, problem.dimension) == (world.alice, "self", "政治素质")

    # The secretary sees she has submitted.
    page.goto(f"{base}/inspections/")
    expect(page.locator("#inspection-counts")).to_contain_text("已提交 1 人")

    # Alice signs the commitment, once.
    phone.click("#campaign-tabs >> text=承诺书")
    expect(phone.locator("#commitment-text")).to_contain_text("我承诺：严守纪律，不搞特殊。")
    phone.fill("#id_name", "张三")
    phone.check("#id_confirm")
    phone.click("button:has-text('签署承诺书')")
    expect(phone.locator("#commitment-form")).to_contain_text("签名须与您在党员档案中的姓名一致")
    phone.fill("#id_name", "张丽")
    phone.check("#id_confirm")
    phone.click("button:has-text('签署承诺书')")
    expect(phone.locator("#commitment-signed")).to_contain_text("签名：张丽")
    expect(phone.locator("#commitment-form")).to_have_count(0)
    assert fits_phone(phone)

    page.goto(f"{base}/commitments/")
    expect(page.locator("#commitment-counts")).to_contain_text("已签署 1 人")
