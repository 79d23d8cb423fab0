"""What inline handlers used to do, done by qingfeng.js under the Content-Security-Policy."""

import re

import pytest
from playwright.sync_api import expect

from conftest import log_in
from qingfeng.demo.orgs import DEMO_PASSWORD

pytestmark = pytest.mark.browser


def test_it_fills_in_a_demo_login_with_a_click(db, settings, page):
    settings.DEMO = True
    page.goto("/login/")
    page.click("#demo-accounts [data-username='zuzhibu']")
    expect(page.locator("#id_username")).to_have_value("zuzhibu")
    expect(page.locator("#id_password")).to_have_value(DEMO_PASSWORD)


def test_it_goes_back_a_page_when_a_form_is_cancelled(world, page):
    log_in(page, "admin")
    page.goto(f"/orgs/{world.a.pk}/")
    page.goto(f"/orgs/{world.a.pk}/new/")
    page.get_by_role("button", name="取消").click()
    expect(page).to_have_url(re.compile(rf"/orgs/{world.a.pk}/$"))
