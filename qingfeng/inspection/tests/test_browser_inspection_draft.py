"""A member on her phone: opening the 对照检查 starts nothing; an item switched to 未发现 keeps no description;
her campaign page shows her part."""

import pytest
from playwright.sync_api import expect

from conftest import fits_phone, log_in
from qingfeng.inspection.models import InspectionAnswer, SelfInspection

pytestmark = pytest.mark.browser


def test_a_member_switches_an_item_to_not_found_and_its_description_is_gone(campaign, world, phone):
    log_in(phone, "alice")

    # Opening the page is not starting it: 我的 still says 尚未填写.
    phone.goto("/me/")
    phone.get_by_role("link", name="尚未填写，去填写").click()
    expect(phone.locator("h1")).to_have_text("我的对照检查")
    assert fits_phone(phone)
    phone.goto("/me/")
    expect(phone.get_by_role("link", name="尚未填写，去填写")).to_be_visible()
    assert not SelfInspection.objects.exists()

    # She describes item 1.1 as 存在, then thinks again and marks it 未发现; the rest 未发现 too.
    phone.get_by_role("link", name="尚未填写，去填写").click()
    first = phone.locator("[id='item-1.1']")
    first.get_by_text("存在", exact=True).click()
    first.get_by_label("问题描述").fill("误以为存在的问题")
    first.get_by_label("具体事例").fill("比如：写错了的事例")
    first.get_by_label("所属维度").select_option("政治素质")
    for code in ("1.1", "1.2", "2.1", "2.2", "2.3"):
        phone.locator(f"[id='item-{code}']").get_by_text("未发现", exact=True).click()
    expect(first.get_by_label("问题描述")).to_be_hidden()
    phone.click("button:has-text('保存草稿')")
    expect(phone.locator(".alert-success")).to_contain_text("草稿已保存")

    # What she typed under the abandoned 存在 is gone, even when she looks at 存在 again.
    first = phone.locator("[id='item-1.1']")
    first.get_by_text("存在", exact=True).click()
    expect(first.get_by_label("问题描述")).to_have_value("")
    expect(first.get_by_label("具体事例")).to_have_value("")
    first.get_by_text("未发现", exact=True).click()
    phone.goto("/me/")
    expect(phone.get_by_role("link", name="草稿")).to_be_visible()

    # Submitted, the record shows 未发现 and no description under it.
    phone.get_by_role("link", name="草稿").click()
    phone.fill("#id_study_summary", "学习后对照检查，找到差距。")
    phone.fill("#id_root_cause", "放松了理论学习。")
    phone.fill("#id_measures_summary", "每周读原著两小时。")
    phone.click("button:has-text('提交')")
    expect(phone.locator("#inspection-status")).to_have_text("已提交")
    item = phone.locator("[id='item-1.1']")
    expect(item).to_contain_text("未发现")
    expect(item).not_to_contain_text("问题描述")
    expect(phone.locator("main")).not_to_contain_text("误以为存在的问题")
    assert fits_phone(phone)
    answer = InspectionAnswer.objects.get(item__code="1.1")
    assert (answer.answer, answer.description, answer.example) == ("not_found", "", "")

    # Her campaign page shows her part of it, and no report she could not download.
    phone.goto(f"/campaigns/{campaign.pk}/")
    expect(phone.locator("#mine-inspection")).to_contain_text("已提交")
    expect(phone.locator("#mine-inspection")).to_contain_text("下载对照检查材料")
    expect(phone.locator("main")).not_to_contain_text("下载总结报告")
    assert fits_phone(phone)
