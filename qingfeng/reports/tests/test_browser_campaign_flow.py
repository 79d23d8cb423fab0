"""The whole 学·查·改 flow in Chromium, as the people involved would walk it.

The organization department creates and starts a campaign; a member (on a phone) writes a
reflection that is returned and resubmitted, self-inspects, and the problem appears; her
secretary assigns a rectification; she uploads evidence and submits; the secretary accepts;
the campaign page's figures follow each step.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import fits_phone, log_in
from qingfeng.campaigns.tests.factories import ChecklistFactory
from qingfeng.ledger.tests.test_evidence_upload import png_bytes

pytestmark = pytest.mark.browser


def count(page, name):
    return page.locator(f"#campaign-counts [data-count='{name}']")


def test_a_campaign_from_launch_to_accepted_rectification(world, page, phone, second_page, tmp_path):
    ChecklistFactory()
    today = timezone.localdate()

    def day(n):
        return (today + datetime.timedelta(days=n)).isoformat()

    # 组织部 creates the campaign over the county and starts it.
    log_in(page, "admin")
    page.goto("/campaigns/")
    page.click("#campaign-create")
    page.fill("#id_title", "作风建设专项整治")
    page.select_option("#id_org", label="清风县委")
    page.select_option("#id_checklist", label="测试问题清单（第 1 版）")
    page.fill("#id_commitment_text", "我承诺：严守纪律。")
    for kind, start, end in [("study", -10, -5), ("inspect", -4, 0), ("rectify", 1, 60), ("review", 61, 90)]:
        page.fill(f"#id_{kind}_start", day(start))
        page.fill(f"#id_{kind}_end", day(end))
    page.click("button:has-text('保存')")
    page.click("#campaign-actions button:has-text('启动')")
    expect(page.locator("h1")).to_contain_text("进行中")
    campaign_url = page.url.split("?")[0]
    expect(count(page, "reflections_submitted")).to_have_text("0")
    expect(count(page, "problems")).to_have_text("0")

    # The member writes a reflection on her phone; her secretary returns it; she resubmits.
    secretary = second_page
    log_in(secretary, "sec_a")
    log_in(phone, "alice")
    expect(phone.locator("#my-member")).to_contain_text("作风建设专项整治")
    phone.click("text=尚未撰写，去撰写")
    phone.fill("#id_title", "学习体会")
    phone.fill("#id_body", "要把纪律挺在前面。")
    phone.click("button:has-text('提交审阅')")
    expect(phone.locator("#reflection-status")).to_have_text("待审阅")
    assert fits_phone(phone)

    secretary.goto("/me/")
    secretary.locator("#my-review").get_by_role("link", name="张丽 · 学习体会").click()
    secretary.fill("#id_text", "请举出具体事例")
    secretary.click("button:has-text('退回修改')")
    expect(secretary.locator("#reflection-status")).to_have_text("已退回")

    phone.reload()
    expect(phone.locator("#review-comment")).to_contain_text("请举出具体事例")
    phone.click("main >> text=修改")  # not the navbar's 修改密码
    phone.fill("#id_body", "要把纪律挺在前面。比如在招生工作中严守规定。")
    phone.click("button:has-text('提交审阅')")
    expect(phone.locator("#reflection-status")).to_have_text("待审阅")
    secretary.reload()
    secretary.click("button:has-text('通过')")
    expect(secretary.locator("#reflection-status")).to_have_text("已通过")

    # She self-inspects: one problem found; it appears as a problem.
    phone.goto("/me/")
    expect(phone.locator("#my-member")).to_contain_text("已通过")
    phone.click("text=尚未填写，去填写")
    first = phone.locator("[id='item-1.1']")
    first.get_by_text("存在", exact=True).click()
    first.get_by_label("问题描述").fill("理论学习不系统")
    first.get_by_label("具体事例").fill("比如：今年只读完一本原著")
    first.get_by_label("所属维度").select_option("政治素质")
    for code in ("1.2", "2.1", "2.2", "2.3"):
        phone.locator(f"[id='item-{code}']").get_by_text("未发现", exact=True).click()
    phone.fill("#id_study_summary", "学习后对照检查，找到差距。")
    phone.fill("#id_root_cause", "放松了理论学习。")
    phone.fill("#id_measures_summary", "每周读原著两小时。")
    phone.click("button:has-text('提交')")
    expect(phone.locator("#inspection-problems")).to_contain_text("理论学习不系统")
    assert fits_phone(phone)

    # The secretary finds the problem and assigns a rectification to her.
    secretary.goto(campaign_url)
    secretary.click("text=查摆问题")
    secretary.get_by_role("link", name="理论学习不系统").click()
    secretary.click("text=新增整改措施")
    secretary.fill("#id_measure", "每周集中学习一次，撰写学习笔记")
    secretary.select_option("#id_owner", label="张丽（一中党支部）")
    secretary.fill("#id_due_date", day(20))
    secretary.click("button:has-text('保存')")
    expect(secretary.locator(".alert-success")).to_contain_text("责任人：张丽")
    rectification_url = secretary.url

    # She starts it, uploads evidence and submits, from her 我的 page.
    phone.goto("/me/")
    phone.locator("#my-rectifications").get_by_text("每周集中学习一次").click()
    phone.click("button:has-text('开始整改')")
    evidence = tmp_path / "学习笔记.png"
    evidence.write_bytes(png_bytes())
    phone.set_input_files("#id_file", str(evidence))
    phone.fill("#id_note", "学习笔记")
    phone.click("button:has-text('上传佐证材料')")
    expect(phone.locator("#evidence")).to_contain_text("学习笔记.png")
    phone.click("button:has-text('提交验收')")
    expect(phone.locator("#status")).to_contain_text("待验收")
    assert fits_phone(phone)

    # The secretary accepts it.
    secretary.goto(rectification_url)
    secretary.once("dialog", lambda dialog: dialog.accept())  # 验收销号 asks to be confirmed
    secretary.click("button:has-text('验收销号')")
    expect(secretary.locator("#status")).to_contain_text("已销号")

    # The campaign page's figures followed every step.
    page.goto(campaign_url)
    expect(count(page, "reflections_submitted")).to_have_text("1")
    expect(count(page, "reflections_accepted")).to_have_text("1")
    expect(count(page, "inspections_submitted")).to_have_text("1")
    expect(count(page, "problems")).to_have_text("1")
    expect(count(page, "rectifications")).to_have_text("1")
    expect(page.locator("#campaign-counts [data-status='已销号']")).to_have_text("1")
    expect(count(page, "rectifications_overdue")).to_have_text("0")
