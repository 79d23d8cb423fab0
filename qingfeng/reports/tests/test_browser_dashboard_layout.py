"""The dashboard as a person reads it at 1366 px and on a 375-px phone: its own heading per table,
nothing sideways, the weeks of the campaign, and a branch's members where sub-orgs would be ranked."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import fits_phone, log_in
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.orgs.tests.factories import MemberFactory

pytestmark = pytest.mark.browser

STATUSES = ("open", "in_progress", "submitted", "accepted", "returned")


@pytest.fixture
def busy(campaign, world):
    """Branch A with a dozen rectifications in every status: two-digit numbers in each status cell."""
    for i in range(12):
        member = MemberFactory(org=world.a, name=f"党员{i:02d}")
        problem = ProblemFactory(campaign=campaign, member=member)
        for status in STATUSES:
            accepted = {"accepted_at": timezone.now()} if status == "accepted" else {}
            RectificationFactory(problem=problem, due_in_days=5, status=status, **accepted)
    return campaign


def desktop(page):
    page.set_viewport_size({"width": 1366, "height": 900})
    return page


def test_the_status_counts_fit_a_phone_with_two_digit_numbers(busy, world, phone):
    log_in(phone, "admin")
    phone.goto(f"/reports/campaigns/{busy.pk}/dashboard/")
    expect(phone.locator("#rectifications-by-status [data-status='已销号']")).to_have_text("12")
    assert fits_phone(phone), phone.evaluate("document.documentElement.scrollWidth")


def test_sources_sit_under_their_own_heading(busy, world, page):
    log_in(desktop(page), "admin")
    page.goto(f"/reports/campaigns/{busy.pk}/dashboard/")
    sources = page.locator("section", has=page.locator("#problems-by-source"))
    expect(sources.locator("h2")).to_have_text("问题来源")
    expect(sources.locator("[data-source='自己找']")).to_have_text("12")
    dimensions = page.locator("section", has=page.locator("#dimension-title"))
    expect(dimensions.locator("#problems-by-source")).to_have_count(0)


def test_the_weekly_chart_starts_in_the_campaigns_first_week(busy, world, page):
    log_in(desktop(page), "admin")
    page.goto(f"/reports/campaigns/{busy.pk}/dashboard/")
    expect(page.locator("#chart-weeks canvas")).to_have_count(1)
    labels = page.evaluate("""() => echarts.getInstanceByDom(document.getElementById('chart-weeks'))
                                     .getOption().xAxis[0].data""")
    start = min(p.start for p in busy.phases.all())
    assert labels[0] == (start - datetime.timedelta(days=start.weekday())).strftime("%m-%d")
    assert labels[-1] == (timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
                          ).strftime("%m-%d")


def members_ranked(page, campaign, world):
    """Log in as branch A's secretary and check her dashboard ranks her members."""
    RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice), due_in_days=3,
                         status="accepted", accepted_at=timezone.now())
    log_in(page, "sec_a")
    page.goto(f"/reports/campaigns/{campaign.pk}/dashboard/")
    expect(page.locator("#ranking-title")).to_have_text("党员进展情况")
    rows = page.locator("#member-ranking tbody tr")
    expect(rows).to_have_count(14)  # 张丽, 王强 and the twelve
    expect(rows.first.locator("td").first).to_have_text("张丽")  # 1 of 1 accepted: first
    expect(rows.first.locator("td").nth(1)).to_have_text("100.0%")
    page.click("#member-ranking thead button:has-text('完成率')")  # ascending: 王强 has nothing to rectify
    expect(rows.first.locator("td").first).to_have_text("王强")


def test_a_secretary_sees_her_members_ranked_on_the_branch_dashboard(busy, world, page):
    members_ranked(desktop(page), busy, world)
    expect(page.locator("#member-ranking thead")).to_contain_text("对照检查")
    expect(page.locator("#member-ranking tbody tr").first).to_contain_text("未签")


def test_the_member_ranking_fits_a_phone(busy, world, phone):
    members_ranked(phone, busy, world)
    assert fits_phone(phone)
