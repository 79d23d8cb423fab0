"""An org's name is text on the dashboard, whatever it holds: any org admin names the orgs of their subtree,
and everyone above reads those names in the ranking, its chart's tooltips and the drill-down."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import log_in
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.orgs.models import Org
from qingfeng.orgs.tests.factories import MemberFactory

pytestmark = pytest.mark.browser

HOSTILE_NAME = '"><img src=x onerror=alert(1)>'


@pytest.fixture
def hostile_org(campaign, world):
    """A branch under the campaign's org, named to break out of HTML, with one of two measures done."""
    org = Org.create(world.c, code="X", name=HOSTILE_NAME, kind=Org.Kind.BRANCH)
    problem = ProblemFactory(campaign=campaign, member=MemberFactory(org=org, name="赵敏"))
    RectificationFactory(problem=problem, status="accepted", accepted_at=timezone.now())
    RectificationFactory(problem=problem, due_in_days=-3)
    return org


def hover_bar(page, name):
    """Move the mouse onto the middle of `name`'s bar in the 整改完成率 chart."""
    point = page.evaluate("""(name) => {
        const chart = echarts.getInstanceByDom(document.getElementById('chart-completion'));
        const option = chart.getOption();
        const index = option.yAxis[0].data.indexOf(name);
        return chart.convertToPixel({seriesIndex: 0}, [option.series[0].data[index] / 2, index]);
    }""", name)
    box = page.locator("#chart-completion").bounding_box()
    page.mouse.move(box["x"] + point[0], box["y"] + point[1])


def test_it_shows_a_hostile_org_name_as_text_in_the_chart_tooltip_and_the_ranking(campaign, world, hostile_org, page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, "admin")
    page.goto(f"/reports/campaigns/{campaign.pk}/dashboard/")
    expect(page.locator("#chart-completion canvas")).to_have_count(1)

    hover_bar(page, HOSTILE_NAME)
    tooltip = page.locator("#chart-completion").get_by_text(HOSTILE_NAME, exact=True)
    expect(tooltip).to_be_visible()
    expect(page.locator("#chart-completion").get_by_text("完成率 50%（1/2）")).to_be_visible()

    link = page.locator("#ranking a", has_text=HOSTILE_NAME)
    expect(link).to_have_text(HOSTILE_NAME)
    link.hover()
    assert page.locator("img").count() == 0
    assert dialogs == []

    link.click()
    expect(page).to_have_url(re.compile(rf"\?org={hostile_org.pk}$"))
    expect(page.locator("#dashboard-org")).to_have_text(HOSTILE_NAME)
    expect(page.locator(".breadcrumb-item.active")).to_have_text(HOSTILE_NAME)
    assert page.locator("img").count() == 0
    assert dialogs == []
