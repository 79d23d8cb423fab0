"""A refused evidence file is told where the person is looking, on a phone and at 1366 px."""

import pytest
from playwright.sync_api import expect

from conftest import log_in
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory

pytestmark = pytest.mark.browser

# An executable renamed .pdf (test_evidence_upload's disguised-executable).
DISGUISED = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


@pytest.fixture
def rectification(campaign, world):
    return RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice),
                                status="in_progress")


def refused_upload(page, rectification, tmp_path):
    log_in(page, "alice")
    page.goto(f"/rectifications/{rectification.pk}/")
    disguised = tmp_path / "整改报告.pdf"
    disguised.write_bytes(DISGUISED)
    page.set_input_files("#id_file", str(disguised))
    page.click("button:has-text('上传佐证材料')")
    alert = page.locator("main > .alert-danger")
    expect(alert).to_contain_text("佐证材料未上传")
    expect(alert).to_contain_text("整改报告.pdf")
    expect(alert).to_be_in_viewport()


def test_a_disguised_file_is_refused_in_view_on_a_phone(rectification, world, phone, tmp_path):
    refused_upload(phone, rectification, tmp_path)


def test_a_disguised_file_is_refused_in_view_on_a_desktop(rectification, world, page, tmp_path):
    page.set_viewport_size({"width": 1366, "height": 900})
    refused_upload(page, rectification, tmp_path)
