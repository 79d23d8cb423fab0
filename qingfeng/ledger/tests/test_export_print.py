"""整改台账 .xlsx as it prints: LibreOffice renders it to PDF, poppler reads back where each word landed.

Each long text starts and ends with a tag word ("M3a" … "M3z": the measure of row 3), so a row's text
box on the page runs from its highest opening tag to its lowest closing tag. A row too short for its
text shows either as a closing tag missing (clipped) or as a box reaching into the next row's; a
merged text split by a page break, as a tag printed twice. One conversion (a few seconds); `make test`
installs libreoffice-calc-nogui and poppler-utils.
"""

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import defaultdict
from itertools import pairwise

import pytest
from django.urls import reverse

from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None,
                                reason="LibreOffice (soffice) is not installed: `make test` installs "
                                       "libreoffice-calc-nogui (and poppler-utils for pdftotext)")

CJK = "整改工作要坚持问题导向，以钉钉子精神抓好落实，做到件件有着落、事事有回音。"


def long_text(tag: str, sentences: int, newlines: bool = False) -> str:
    body = (CJK * sentences) if not newlines else "\n".join(f"{n}. {CJK}" for n in range(1, sentences + 1))
    return f"{tag}a {body} {tag}z"


@pytest.fixture
def printed_ledger(campaign, world):
    """Two problems of branch A, one of B: merged cells taller and shorter than their rows, newlines,
    a long Latin word; enough rows for three pages."""
    rows = []  # per row, the tags of its long texts
    big = ProblemFactory(campaign=campaign, member=world.alice, description=long_text("D1", 9))
    for n in range(1, 3):  # the merged 问题描述 needs more than its two short rows
        RectificationFactory(problem=big, measure=f"M{n}a 学习 M{n}z", due_in_days=n)
        rows.append(["M" + str(n)])
    small = ProblemFactory(campaign=campaign, member=world.bob, description=long_text("D2", 1))
    for n in range(3, 6):  # rows taller than the merged cell needs, from measures and 完成情况
        RectificationFactory(problem=small, measure=long_text(f"M{n}", n - 1),
                             progress=long_text(f"P{n}", n - 1, newlines=True), due_in_days=n)
        rows.append([f"M{n}", f"P{n}"])
    latin = ProblemFactory(campaign=campaign, member=world.carol, description=long_text("D3", 2))
    RectificationFactory(problem=latin, measure="M6a https://example.org/rectification/reports/2026/branch-b/"
                                                "measure-evidence-and-follow-up-notes.pdf M6z",
                         progress=long_text("P6", 4), due_in_days=6)
    rows.append(["M6", "P6"])
    return rows, {"D1": 1, "D2": 3, "D3": 6}  # the row each problem starts on


def render(xlsx: bytes, tmp_path) -> ET.Element:
    """The PDF LibreOffice prints of `xlsx`, as pdftotext's pages of words with their boxes."""
    source = tmp_path / "ledger.xlsx"
    source.write_bytes(xlsx)
    # Its own profile and HOME: parallel runs do not share (and lock) one LibreOffice profile.
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, env=env, timeout=180)
    assert shutil.which("pdftotext"), "pdftotext is missing: install poppler-utils (`make test` does)"
    subprocess.run(["pdftotext", "-bbox-layout", str(tmp_path / "ledger.pdf"), str(tmp_path / "ledger.html")],
                   check=True, capture_output=True, timeout=60)
    html = (tmp_path / "ledger.html").read_text()
    return ET.fromstring(re.sub(r'\sxmlns="[^"]+"', "", html, count=1))


def test_the_printed_ledger_has_no_overlapping_rows_and_its_footer_on_each_page(world, login, printed_ledger,
                                                                               tmp_path):
    rows, problems = printed_ledger
    response = login(world.admin).get(reverse("ledger_export"))
    pages = render(response.content, tmp_path).findall(".//page")
    assert len(pages) >= 2  # the header row is checked on a page after the first

    words = defaultdict(list)  # text -> [(page, top, bottom)]
    for number, page in enumerate(pages, start=1):
        page_words = page.findall(".//word")
        for word in page_words:
            words[word.text].append((number, float(word.get("yMin")), float(word.get("yMax"))))
        texts = [word.text for word in page_words]
        assert "问题描述" in texts and "所属组织" in texts, f"page {number} lacks the header row"
        [total] = [word for word in page_words if word.text == "共"]
        line = float(total.get("yMin")) - 2
        footer = [word for word in page_words if float(word.get("yMin")) >= line]
        assert "".join(word.text for word in footer) == f"第{number}页共{len(pages)}页"
        assert max(float(word.get("yMax")) for word in footer) < float(page.get("height"))
        table = [word for word in page_words if float(word.get("yMin")) < line]
        assert max(float(word.get("yMax")) for word in table) <= line, f"page {number}: the footer overlaps"

    def box(tags):
        """Page, top and bottom of the text between the tags' opening and closing words."""
        for tag in tags:
            assert len(words[f"{tag}a"]) == 1 and len(words[f"{tag}z"]) == 1, f"{tag}: cut off or repeated"
        opened, closed = [words[f"{tag}a"][0] for tag in tags], [words[f"{tag}z"][0] for tag in tags]
        assert len({place[0] for place in opened + closed}) == 1, f"{tags} split over pages"
        return opened[0][0], min(place[1] for place in opened), max(place[2] for place in closed)

    boxes = [box(tags) for tags in rows]
    for n, (above, below) in enumerate(pairwise(boxes), start=1):
        if above[0] == below[0]:
            assert above[2] <= below[1], f"row {n} {above} runs into row {n + 1} {below}"
    starts = sorted(problems.values()) + [len(rows) + 1]
    for tag, first in problems.items():  # a merged 问题描述 stays within its problem's rows
        page, top, bottom = box([tag])
        after = starts[starts.index(first) + 1]
        for n, other in enumerate(boxes, start=1):
            if other[0] == page and n < first:
                assert other[2] <= top, f"{tag} ({top}–{bottom}) runs into row {n} {other}"
            if other[0] == page and n >= after:
                assert bottom <= other[1], f"{tag} ({top}–{bottom}) runs into row {n} {other}"
