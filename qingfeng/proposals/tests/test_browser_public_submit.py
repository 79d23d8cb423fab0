"""A member of the public, on her phone: the page solves its proof of work, she submits, keeps the printed receipt
and opens the progress page with its code. Over plain HTTP (no crypto.subtle) the form says to use HTTPS."""

import re

import pytest
from playwright.sync_api import expect

from conftest import fits_phone
from qingfeng.proposals.models import Proposal

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def quick_pow(settings):
    settings.PROPOSAL_POW_MAX_NUMBER = 20000


def test_the_public_submits_on_a_phone_and_tracks_with_the_receipts_code(world, phone):
    phone.goto("/proposals/new/")
    assert fits_phone(phone)
    expect(phone.locator("#proposal-submit")).to_be_enabled()  # the solver finished
    expect(phone.locator("[data-pow-status]")).to_have_text("人机验证已完成，可以提交。")
    phone.select_option("#id_kind", Proposal.Kind.PROPOSAL)
    phone.fill("#id_title", "建议在学校门口增设红绿灯")
    phone.fill("#id_content", "上下学时车流量大，学生过马路危险。")
    phone.select_option("#id_category", label="民生保障")
    phone.fill("#id_contact_phone", "13812345678")
    phone.click("#proposal-submit")

    expect(phone.locator("#code-warning")).to_have_text("请妥善保存查询码，它只显示这一次")
    code = phone.locator("#tracking-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    proposal = Proposal.objects.get()
    expect(phone.locator("#receipt-number")).to_have_text(proposal.number)
    assert fits_phone(phone)
    phone.emulate_media(media="print")
    expect(phone.locator("#receipt-print")).to_be_hidden()  # the buttons stay off paper
    expect(phone.locator(".qf-navbar")).to_be_hidden()
    phone.emulate_media(media="screen")

    phone.click("#receipt-track")
    phone.fill("#id_code", code.lower().replace("-", " "))
    phone.click("#track-form button[type=submit]")
    expect(phone.locator("#progress-status")).to_have_text("待受理")
    expect(phone.locator("#progress-content")).to_have_text("上下学时车流量大，学生过马路危险。")
    expect(phone.locator("body")).not_to_contain_text("13812345678")
    assert fits_phone(phone)


def test_without_crypto_subtle_the_form_asks_for_https(world, page):
    # What a browser does over plain HTTP on an address other than localhost: no crypto.subtle.
    page.add_init_script("Object.defineProperty(Crypto.prototype, 'subtle', {get: () => undefined});")
    page.goto("/proposals/new/")
    expect(page.locator("[data-pow-status]")).to_have_text("请通过 HTTPS 访问本页面后提交")
    expect(page.locator("#proposal-submit")).to_be_disabled()
