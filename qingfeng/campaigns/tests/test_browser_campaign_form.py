"""The campaign form as a person sees it: styled date pickers in a grid, a Chinese empty choice,
and a draft banner that asks only for what is missing; at 1366 px and on a 375-px phone."""

import pytest
from playwright.sync_api import expect

from conftest import fits_phone, log_in
from qingfeng.campaigns.models import Campaign
from qingfeng.campaigns.tests.factories import CampaignFactory

pytestmark = pytest.mark.browser

PHASES = ("study", "inspect", "rectify", "review")


def boxes(page, kind):
    return page.locator(f"#id_{kind}_start").bounding_box(), page.locator(f"#id_{kind}_end").bounding_box()


def test_the_phase_dates_line_up_side_by_side_at_desktop_width(world, page):
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, "admin")
    page.goto("/campaigns/new/")
    expect(page.locator("#id_org option").first).to_have_text("请选择…")
    lefts = set()
    for kind in PHASES:
        start, end = boxes(page, kind)
        expect(page.locator(f"#id_{kind}_start")).to_have_class("form-control")
        assert start["y"] == end["y"] and start["width"] == end["width"] > 200
        assert end["x"] >= start["x"] + start["width"] + 4  # a gutter between them
        lefts.add(start["x"])
    assert len(lefts) == 1  # the four phases aligned in one column


def test_the_phase_dates_stack_without_touching_on_a_phone(world, phone):
    log_in(phone, "admin")
    phone.goto("/campaigns/new/")
    previous_bottom = 0
    for kind in PHASES:
        start, end = boxes(phone, kind)
        assert start["width"] > 300 and end["width"] > 300  # full width, one per line
        assert start["y"] >= previous_bottom + 8 and end["y"] >= start["y"] + start["height"] + 8
        previous_bottom = end["y"] + end["height"]
    assert fits_phone(phone)


def test_the_draft_banner_asks_only_for_what_is_missing(world, page, phone):
    ready = CampaignFactory(org=world.c, created_by=world.admin, status=Campaign.Status.DRAFT, title="已备齐")
    lacking = CampaignFactory(org=world.c, created_by=world.admin, status=Campaign.Status.DRAFT, checklist=None,
                              title="缺清单")
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, "admin")
    page.goto(f"/campaigns/{ready.pk}/")
    expect(page.locator("#draft-banner")).to_have_text("草稿：问题清单和四个阶段的日期都已设置，可以启动。")
    log_in(phone, "admin")
    phone.goto(f"/campaigns/{lacking.pk}/")
    expect(phone.locator("#draft-banner")).to_have_text("草稿：启动前还须设置问题清单。")
    assert fits_phone(phone)
