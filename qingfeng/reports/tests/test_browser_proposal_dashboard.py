"""提案/社情民意办理情况 in Chromium: the leader finds it on 我的, reads the charts and the 年度考评, drills down to a
unit by its bar, sorts the table and downloads the sheet; a unit's secretary reads her own row; it fits a phone."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from conftest import fits_phone, log_in

pytestmark = pytest.mark.browser
YEAR = 2026


def test_a_leader_reads_the_figures_and_drills_down_to_a_unit(proposal_year, world, page):
    log_in(page, "leader")
    page.goto("/me/")
    page.click("#proposal-figures-link")
    expect(page.locator("h1")).to_contain_text("清风县委")
    page.goto(f"/reports/proposals/?org={world.c.pk}&year={YEAR}")
    for chart in ("#chart-satisfaction", "#chart-proposal-categories", "#chart-months"):
        expect(page.locator(f"{chart} canvas")).to_have_count(1)
    expect(page.locator('[data-figure="satisfaction_rate"]')).to_have_text("66.7%")

    units = page.locator("#appraisal tbody td:nth-child(2)")
    expect(units).to_have_text(["一中党支部", "县教育局", "二中党支部"])
    page.click("#appraisal thead button:has-text('按期答复率')")  # high to low: 100 %, 66.7 %, 33.3 %
    expect(units).to_have_text(["县教育局", "一中党支部", "二中党支部"])

    with page.expect_download() as download:
        page.click("#export-appraisal")
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert [row[1] for row in sheet.iter_rows(min_row=4, max_row=7, values_only=True)] == [
        "一中党支部", "县教育局", "二中党支部", "合计"]

    # A bar of the 满意率 chart opens that unit's own figures: 县教育局, the second bar.
    point = page.evaluate("""() => {
        const chart = echarts.getInstanceByDom(document.getElementById('chart-satisfaction'));
        const value = chart.getOption().series[0].data[1];
        return chart.convertToPixel({seriesIndex: 0}, [value / 2, 1]);
    }""")
    box = page.locator("#chart-satisfaction").bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    expect(page).to_have_url(re.compile(rf"\?org={world.d.pk}&year={YEAR}$"))
    expect(page.locator("h1")).to_contain_text("县教育局")
    expect(page.locator('[data-figure="received"]')).to_have_text("2")


def test_a_secretary_reads_her_branchs_row(proposal_year, world, page):
    log_in(page, "sec_a")
    page.goto(f"/reports/proposals/?year={YEAR}")
    expect(page.locator("h1")).to_contain_text("一中党支部")
    expect(page.locator("#appraisal tbody td:nth-child(2)")).to_have_text(["一中党支部"])
    expect(page.locator('[data-figure="closing_rate"]')).to_have_text("75.0%")


def test_the_figures_fit_a_phone(proposal_year, world, phone):
    log_in(phone, "leader")
    phone.goto(f"/reports/proposals/?org={world.c.pk}&year={YEAR}")
    expect(phone.locator("#chart-months canvas")).to_have_count(1)
    assert fits_phone(phone)
