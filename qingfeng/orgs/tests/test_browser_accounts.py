"""开通账号 in Chromium: the secretary opens a member's login, the member signs in with the slip on a phone, is
sent to choose their own password, and lands on 我的."""

import pytest
from playwright.sync_api import expect

from conftest import fits_phone, log_in

pytestmark = pytest.mark.browser


def test_a_secretary_opens_an_account_and_the_member_signs_in_and_changes_the_password(world, page, phone):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    log_in(page, "sec_a")
    page.goto(f"/members/{world.bob.pk}/")
    account = page.locator("#account")
    expect(account).to_contain_text("尚未开通")
    account.locator("button", has_text="开通账号").click()
    assert dialogs == ["为该党员开通登录账号？初始密码只显示一次。"]
    expect(page.locator("h1")).to_contain_text("已为「王强」开通登录账号")
    expect(page.locator(".alert-warning")).to_contain_text("只在本页显示这一次")
    username = page.locator("[data-username]").inner_text()
    password = page.locator("[data-password]").inner_text()
    assert username == f"m{world.bob.pk:06d}"

    page.click("text=完成，返回党员档案")
    expect(page.locator("#account")).to_contain_text(username)
    expect(page.locator("#account")).to_contain_text("待本人修改初始密码")
    assert password not in page.content()

    log_in(phone, username, password)
    expect(phone.locator("h1")).to_contain_text("修改密码")
    expect(phone.locator(".alert-warning")).to_contain_text("请先设置只有您自己知道的新密码")
    assert fits_phone(phone)
    phone.fill("#id_old_password", password)
    phone.fill("#id_new_password1", "123")
    phone.fill("#id_new_password2", "123")
    phone.click("button:has-text('保存')")
    expect(phone.locator(".invalid-feedback").first).to_contain_text("密码太短")
    phone.fill("#id_old_password", password)
    phone.fill("#id_new_password1", "Qingfeng-wangqiang-2026")
    phone.fill("#id_new_password2", "Qingfeng-wangqiang-2026")
    phone.click("button:has-text('保存')")
    expect(phone.locator(".alert-success")).to_contain_text("密码已修改")
    expect(phone.locator("h1")).to_contain_text("我的")
    assert fits_phone(phone)

    page.reload()
    expect(page.locator("#account")).not_to_contain_text("待本人修改初始密码")
