"""The dashboard's numbers are current to the last change (counts kept with every change, orgs.tallies): a
secretary accepts a rectification, and her dashboard and the county's show it on their next load."""

import pytest
from playwright.sync_api import expect

from conftest import log_in
from qingfeng.ledger.models import Evidence
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.ledger.workflow import rectification_workflow

pytestmark = pytest.mark.browser


@pytest.fixture
def submitted(campaign, world):
    """Two rectifications of branch A waiting for 验收 (待验收), one of branch B already accepted."""
    waiting = []
    for measure in ("每周集中学习一次，撰写学习笔记", "建立谈心谈话台账"):
        rectification = RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice),
                                             measure=measure)
        Evidence.objects.create(rectification=rectification, note="佐证", uploaded_by=world.alice_user)
        rectification_workflow.perform(world.alice_user, rectification, "start")
        rectification_workflow.perform(world.alice_user, rectification, "submit")
        waiting.append(rectification)
    RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.carol), status="accepted")
    return waiting


def status_counts(page) -> dict:
    cells = page.locator("#rectifications-by-status td[data-status]")
    return dict(zip(cells.evaluate_all("cells => cells.map(c => c.dataset.status)"), map(int, cells.all_inner_texts()),
                    strict=True))


def test_an_acceptance_shows_on_the_branch_and_county_dashboards_at_once(campaign, world, submitted, page, phone):
    log_in(phone, "admin")
    phone.goto(f"/reports/campaigns/{campaign.pk}/dashboard/")
    county = status_counts(phone)
    assert (county["待验收"], county["已销号"]) == (2, 1)

    log_in(page, "sec_a")
    page.goto(f"/reports/campaigns/{campaign.pk}/dashboard/?org={world.a.pk}")
    before = status_counts(page)
    assert (before["待验收"], before["已销号"]) == (2, 0)

    page.goto(f"/rectifications/{submitted[0].pk}/")
    page.fill("#text-accept", "整改到位，同意销号")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('验收销号')")
    expect(page.locator(".alert-success")).to_contain_text("已验收销号")

    page.goto(f"/reports/campaigns/{campaign.pk}/dashboard/?org={world.a.pk}")
    after = status_counts(page)
    assert (after["待验收"], after["已销号"]) == (1, 1)
    assert sum(after.values()) == sum(before.values())

    phone.reload()  # no snapshot to wait for: the county's figure moved with the same commit
    county_after = status_counts(phone)
    assert (county_after["待验收"], county_after["已销号"]) == (1, 2)
