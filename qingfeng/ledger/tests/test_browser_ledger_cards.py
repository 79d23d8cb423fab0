"""整改台账 as a person reads it: a card per rectification on a 375-px phone, the table at 1366 px."""

import pytest
from playwright.sync_api import expect

from conftest import fits_phone, log_in
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory

pytestmark = pytest.mark.browser

MEASURE = ("每周三下午组织支部党员集中学习党章党规和习近平新时代中国特色社会主义思想，"
           "逐人撰写不少于一千字的学习笔记并在组织生活会上交流")


@pytest.fixture
def ledger(campaign, world):
    problem = ProblemFactory(campaign=campaign, member=world.alice, description="理论学习不深入不系统")
    RectificationFactory(problem=problem, owner=world.alice, measure=MEASURE, due_in_days=-3)
    RectificationFactory(problem=problem, owner=world.bob, measure="按时参加组织生活", due_in_days=10)
    return campaign


def test_on_a_phone_each_rectification_is_a_card_that_shows_its_whole_measure(ledger, world, phone):
    log_in(phone, "sec_a")
    phone.goto("/ledger/")
    card = phone.locator("#ledger-cards .card", has_text="每周三下午")
    expect(card.locator("a")).to_have_text(MEASURE)  # whole, not cut to 40 characters
    expect(card).to_contain_text("逾期")
    expect(card).to_contain_text("张丽")
    expect(phone.locator("#ledger-cards .card")).to_have_count(2)
    expect(phone.locator("table.table")).to_be_hidden()
    # The card is about as wide as the screen, so the measure takes a few lines, not seven.
    box = card.bounding_box()
    assert box["width"] > 300
    assert fits_phone(phone)
    card.locator("a").click()
    expect(phone.locator("#status")).to_be_visible()


def test_at_desktop_width_the_ledger_is_a_table(ledger, world, page):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, "sec_a")
    page.goto("/ledger/")
    expect(page.locator("table.table tbody tr")).to_have_count(2)
    expect(page.locator("table.table")).to_be_visible()
    expect(page.locator("#ledger-cards")).to_be_hidden()
