"""The README's pictures, taken from the demo as a newcomer sees it after `make run`.

`make screenshots` runs this with QF_SCREENSHOT_DIR=docs/screenshots, so the PNGs in docs/
stay current; in the ordinary test run they go to a temporary folder and are only checked.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import log_in
from qingfeng.campaigns.models import Campaign
from qingfeng.demo.campaign import DEMO_CAMPAIGN_TITLE, load_campaign_demo
from qingfeng.demo.orgs import DEMO_PASSWORD, load_demo
from qingfeng.orgs.models import Org

pytestmark = pytest.mark.browser


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("QF_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_the_demo_dashboard_and_ledger_as_the_organization_department_sees_them(live_server, page, shots):
    load_demo()
    load_campaign_demo()
    campaign = Campaign.objects.get(title=DEMO_CAMPAIGN_TITLE)
    log_in(page, "zuzhibu", DEMO_PASSWORD)

    page.goto(f"/reports/campaigns/{campaign.pk}/dashboard/")
    expect(page.locator("h1")).to_contain_text("清风县委")
    for chart in ("completion", "categories", "dimensions", "weeks"):
        expect(page.locator(f"#chart-{chart} canvas")).to_have_count(1)
    ranked = Org.objects.filter(depth=2).exclude(kind=Org.Kind.GROUP).count()
    expect(page.locator("#ranking tbody tr")).to_have_count(ranked)
    page.wait_for_timeout(800)  # let ECharts finish its entry animation
    page.screenshot(path=shots / "dashboard.png", full_page=True)

    page.goto("/ledger/")
    expect(page.locator("table tbody tr").first).to_be_visible()
    page.screenshot(path=shots / "ledger.png", full_page=False)

    for name in ("dashboard.png", "ledger.png"):
        assert (shots / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
