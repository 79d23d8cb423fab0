"""The campaign dashboard in Chromium: charts drawn, ranking sorted, drill down by link and by bar."""

import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from conftest import fits_phone, log_in
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.orgs.models import Org
from qingfeng.orgs.tests.factories import MemberFactory
from qingfeng.study.models import Attendance, StudyActivity

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(campaign, world):
    """A few branches with problems in several categories, rectifications done, pending and overdue."""
    items = [i for c in campaign.checklist.categories.all() for i in c.items.all()]
    c_branch = Org.create(world.g, code="C3", name="三中党支部", kind=Org.Kind.BRANCH)
    for n, org in enumerate((world.a, world.b, c_branch)):
        activity = StudyActivity.objects.create(campaign=campaign, org=org, kind="group_study",
                                                date=timezone.localdate(), topic="集中学习", created_by=world.admin)
        for i in range(3):
            member = MemberFactory(org=org, name=f"{org.name[:2]}党员{i}")
            Attendance.objects.create(activity=activity, member=member, status="present" if i != 2 else "absent")
            problem = ProblemFactory(campaign=campaign, member=member, checklist_item=items[(n + i) % len(items)],
                                     dimension=campaign.get_dimensions()[i % 4])
            RectificationFactory(problem=problem, due_in_days=-2 - i)
            if i <= n:
                RectificationFactory(problem=problem, due_in_days=10, status="accepted", accepted_at=timezone.now())
    return campaign


def test_an_admin_reads_the_dashboard_and_drills_down(demo, world, page):
    log_in(page, "admin")
    page.goto(f"/campaigns/{demo.pk}/")
    page.click("#dashboard-link")
    expect(page.locator("h1")).to_contain_text("清风县委")
    expect(page.locator("#chart-completion canvas")).to_have_count(1)
    expect(page.locator("#chart-categories canvas")).to_have_count(1)
    expect(page.locator("#chart-weeks canvas")).to_have_count(1)

    page.locator("#ranking a", has_text="教育局党总支").click()
    expect(page).to_have_url(re.compile(rf"\?org={world.g.pk}$"))
    expect(page.locator("h1")).to_contain_text("教育局党总支")
    expect(page.locator("#chart-completion canvas")).to_have_count(1)

    # Ranked by completion: 三中 (3/6), 二中 (2/5), 一中 (1/4); a header click sorts, a second reverses.
    names = page.locator("#ranking tbody td:first-child")
    expect(names).to_have_text(["三中党支部", "二中党支部", "一中党支部"])
    page.click("#ranking thead button:has-text('完成率')")
    expect(names).to_have_text(["一中党支部", "二中党支部", "三中党支部"])
    page.click("#ranking thead button:has-text('组织')")
    by_name = names.all_inner_texts()
    page.click("#ranking thead button:has-text('组织')")
    expect(names).to_have_text(by_name[::-1])
    page.click("#ranking thead button:has-text('完成率')")
    expect(names).to_have_text(["三中党支部", "二中党支部", "一中党支部"])

    # A bar of the chart drills down too: click the middle of 二中's bar (second in the ranking).
    point = page.evaluate("""() => {
        const el = document.getElementById('chart-completion');
        const chart = echarts.getInstanceByDom(el);
        const value = chart.getOption().series[0].data[1];
        return chart.convertToPixel({seriesIndex: 0}, [value / 2, 1]);
    }""")
    box = page.locator("#chart-completion").bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    expect(page).to_have_url(re.compile(rf"\?org={world.b.pk}$"))
    expect(page.locator("h1")).to_contain_text("二中党支部")
    expect(page.locator("#no-sub-orgs")).to_be_visible()

    # The 整改台账 of what the page shows: 二中's three problems and five measures, in the filed layout.
    with page.expect_download() as download:
        page.click("#export-ledger")
    assert download.value.suggested_filename.endswith(".xlsx")
    ws = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert ws["A2"].value == "序号"
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in rows if r[0] is not None] == [1, 2, 3]  # 序号 per problem, merged over its measures
    assert len([r for r in rows if r[3]]) == 5


def test_the_dashboard_fits_a_phone(demo, world, phone):
    log_in(phone, "admin")
    phone.goto(f"/reports/campaigns/{demo.pk}/dashboard/?org={world.g.pk}")
    expect(phone.locator("#chart-completion canvas")).to_have_count(1)
    assert fits_phone(phone)
