"""普遍性问题 on the dashboard as a secretary reads it on a phone: a group opens to the ways it was written."""

import pytest
from playwright.sync_api import expect

from conftest import QUIET, fits_phone, log_in
from qingfeng.ledger.tests.factories import ProblemFactory
from qingfeng.orgs.tests.factories import MemberFactory
from qingfeng.originality.models import Document, Match

pytestmark = pytest.mark.browser

WORDINGS = ("理论学习不够深入，学用结合不紧密", "对党的创新理论学习不深不透，存在学用脱节现象",
            "政治理论学习浅尝辄止，满足于读原文、记笔记，学用结合不够")


@pytest.fixture
def branch(campaign, world):
    """Branch A: one problem in three wordings by four members, another of one member, and two near-copies."""
    members = [world.alice, world.bob] + [MemberFactory(org=world.a, name=n) for n in ("陈静", "刘洋")]
    for member, text in zip(members, (*WORDINGS, WORDINGS[0]), strict=True):
        ProblemFactory(campaign=campaign, member=member, description=text)
    ProblemFactory(campaign=campaign, member=world.bob, description="联系服务群众不够主动")
    alice, bob = (Document.objects.create(kind=Document.Kind.INSPECTION, org=world.a, member=m, campaign=campaign,
                                          title="对照检查材料", text="……", status=Document.Status.CHECKED, score=0.9)
                  for m in (world.alice, world.bob))
    Match.objects.create(document=bob, source=alice, score=0.9)
    return campaign


def test_a_secretary_opens_a_recurring_problem_on_her_phone(branch, world, phone):
    log_in(phone, "sec_a")
    phone.goto(f"/reports/campaigns/{branch.pk}/dashboard/?org={world.a.pk}")
    group = phone.locator("#recurring-groups [data-group='1']")
    expect(group.locator("[data-problems]")).to_have_text("4")
    expect(group.locator("[data-members]")).to_have_text("4")
    sample = group.get_by_text(WORDINGS[1])
    expect(sample).to_be_hidden()
    group.locator("summary").click()
    expect(sample).to_be_visible()
    expect(phone.locator("#near-copy-pairs")).to_contain_text("王强")
    assert fits_phone(phone), phone.evaluate("document.documentElement.scrollWidth")



def test_a_card_that_cannot_load_says_so(branch, world, browser, live_server):
    """The grouping's request fails (here the server answers 500): the card says so, not 「正在归类」 for good.
    Its own page, not the `phone` fixture's: the failed request is the console error this test expects."""
    context = browser.new_context(**QUIET, viewport={"width": 375, "height": 740}, base_url=live_server.url)
    phone = context.new_page()
    errors = []
    phone.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.route("**/dashboard/recurring/**", lambda route: route.fulfill(status=500, body="error"))
    log_in(phone, "sec_a")
    phone.goto(f"/reports/campaigns/{branch.pk}/dashboard/?org={world.a.pk}")
    expect(phone.locator("#recurring-loading")).to_have_text("普遍性问题暂时无法显示，请稍后刷新页面重试。")
    expect(phone.locator("#recurring-groups")).to_have_count(0)
    expect(phone.locator("#near-copy-pairs")).to_contain_text("王强")  # the rest of the page is there
    context.close()
    assert errors and all("500" in error for error in errors), errors  # only the refused request
