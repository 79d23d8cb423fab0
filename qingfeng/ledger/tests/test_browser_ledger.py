"""A rectification walked in Chromium: assigned, started, evidenced, submitted, accepted."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import log_in
from qingfeng.ledger.tests.factories import ProblemFactory
from qingfeng.ledger.tests.test_evidence_upload import png_bytes

pytestmark = pytest.mark.browser


def test_a_rectification_goes_from_assignment_to_acceptance(campaign, world, page, phone, tmp_path):
    problem = ProblemFactory(campaign=campaign, member=world.alice, source="superior",
                             description="理论学习不深入不系统")
    due = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()

    log_in(page, "sec_a")
    page.goto(f"/problems/{problem.pk}/")
    expect(page.locator("#problem-description")).to_contain_text("理论学习不深入不系统")
    page.click("text=新增整改措施")
    page.fill("#id_measure", "每周集中学习一次，撰写学习笔记")
    page.select_option("#id_owner", label="张丽（一中党支部）")
    page.fill("#id_due_date", due)
    page.select_option("#id_kind", label="限期整改")
    page.click("button:has-text('保存')")
    expect(page.locator(".alert-success")).to_contain_text("责任人：张丽")
    detail = page.url

    # The member works on a phone.
    log_in(phone, "alice")
    phone.goto("/ledger/")
    phone.click("text=每周集中学习一次")
    expect(phone.locator("#status")).to_contain_text("待整改")
    phone.click("button:has-text('开始整改')")
    expect(phone.locator(".alert-success")).to_contain_text("已开始整改")
    evidence = tmp_path / "学习笔记.png"
    evidence.write_bytes(png_bytes())
    phone.set_input_files("#id_file", str(evidence))
    phone.fill("#id_note", "第一次集中学习的笔记")
    phone.click("button:has-text('上传佐证材料')")
    expect(phone.locator(".alert-success")).to_contain_text("已上传佐证材料")
    expect(phone.locator("#evidence")).to_contain_text("学习笔记.png")
    phone.click("button:has-text('提交验收')")
    expect(phone.locator("#status")).to_contain_text("待验收")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375

    page.goto(detail)
    expect(page.locator("#evidence")).to_contain_text("第一次集中学习的笔记")
    page.once("dialog", lambda dialog: dialog.accept())  # 验收销号 asks to be confirmed
    page.click("button:has-text('验收销号')")
    expect(page.locator(".alert-success")).to_contain_text("已验收销号")
    page.click("nav >> text=整改台账")
    row = page.locator("table tbody tr", has_text="每周集中学习一次")
    expect(row).to_contain_text("已销号")
    expect(row).to_contain_text("张丽")
