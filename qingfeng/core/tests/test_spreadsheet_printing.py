"""Sheets meant for paper (core/spreadsheets.py): row heights from wrapped text, the page, page breaks.

How they print is checked by rendering in ledger/tests/test_export_print.py.
"""

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from qingfeng.core.spreadsheets import (
    LINE_SPACING,
    MAX_ROW_HEIGHT,
    ROW_PADDING,
    PageBreaks,
    append,
    block_heights,
    new_workbook,
    set_up_printing,
    text_width,
    wrapped_lines,
)


def read_back(book):
    out = io.BytesIO()
    book.save(out)
    return load_workbook(io.BytesIO(out.getvalue())).worksheets[0]


def lines_high(lines: int, font_size: float = 10) -> float:
    return lines * font_size * LINE_SPACING + ROW_PADDING


def test_a_cjk_character_is_two_width_units_and_latin_one():
    assert text_width("整改台账") == 8
    assert text_width("abc 12") == 6
    assert text_width("完成，ok。") == 10  # full-width punctuation is wide


@pytest.mark.parametrize(("text", "width", "lines"), [
    ("", 10, 1),
    (None, 10, 1),
    ("整改" * 5, 21, 1),  # 20 units in a column of 21 (20 once the cell's margins are off)
    ("整改" * 5 + "措", 21, 2),
    ("整改" * 30, 31, 4),  # 120 units, 30 a line
    ("第一条\n第二条\n\n第四条", 40, 4),  # newlines counted, an empty line too
    ("see the plan", 6, 3),  # a word is not broken while it fits a line
    ("a" * 25, 11, 3),  # a word longer than a line is cut
])
def test_wrapped_lines_are_estimated_from_the_column_width(text, width, lines):
    assert wrapped_lines(text, width) == lines


def lines_one_character_at_a_time(text: str, width: int) -> int:
    """The rules of `wrapped_lines`, spelled out slowly: a Latin word moves to the next line whole
    unless longer than a line, a wide character takes two units, spaces reaching a line's end vanish."""
    room, lines = width - 1, 0
    for paragraph in text.split("\n"):
        lines, used = lines + 1, 0
        for word in re.findall(r"[!-~]+| +|.", paragraph):
            size = 2 if word > "~" else len(word)
            if used + size > room and word.isspace():
                lines, used = lines + (used > 0), 0
                continue
            if used + size > room and used:
                lines, used = lines + 1, 0
            for _ in range(size // room if word <= "~" and size > room else 0):  # a word cut at each line's end
                lines, size = lines + 1, size - room
            if size == 0:
                lines, size = lines - 1, room
            used += size
    return lines


@settings(max_examples=500)
@given(st.text(alphabet="整改。ab1  \n", max_size=80), st.integers(min_value=3, max_value=30))
def test_wrapped_lines_counts_runs_as_it_would_count_characters(text, width):
    assert wrapped_lines(text, width) == lines_one_character_at_a_time(text, width)


def test_a_row_is_as_tall_as_its_tallest_cell():
    heights = block_heights([["短", "整改" * 30, 7]], [10, 31, 6], font_size=10)
    assert heights == [lines_high(4)]


def test_a_merged_cell_taller_than_its_rows_spreads_what_is_missing_over_them():
    rows = [["整改" * 60, "一"], [None, "二"], [None, "三\n四"]]  # the merged cell needs 8 lines at width 31
    heights = block_heights(rows, [31, 10], font_size=10, merged=[0])
    assert sum(heights) == pytest.approx(lines_high(8))
    missing = lines_high(8) - (2 * lines_high(1) + lines_high(2))
    assert heights == pytest.approx([lines_high(1) + missing / 3, lines_high(1) + missing / 3,
                                     lines_high(2) + missing / 3])


def test_rows_taller_than_their_merged_cell_keep_their_heights():
    rows = [["短", "一\n二\n三"], [None, "四"]]
    assert block_heights(rows, [31, 10], font_size=10, merged=[0]) == [lines_high(3), lines_high(1)]


def test_no_row_is_taller_than_excel_allows():
    assert block_heights([["整改" * 2000]], [31], font_size=10) == [MAX_ROW_HEIGHT]


@pytest.mark.parametrize("write_only", [True, False])
def test_append_sets_the_height_of_the_row_it_writes(write_only):
    book = new_workbook(write_only=write_only)
    sheet = book.create_sheet() if write_only else book.active
    append(sheet, ["标题"], height=36)
    append(sheet, ["没有高度"])
    append(sheet, ["整改"], height=21.123)
    if write_only:
        assert not sheet.row_dimensions  # each row's height leaves memory with the row
    written = read_back(book)
    assert [written.row_dimensions[n].height for n in (1, 2, 3)] == [36, None, 21.12]


def test_the_page_is_a4_landscape_fitted_to_width_with_the_title_rows_and_the_footer_inside_the_margins():
    book = new_workbook()
    set_up_printing(book.active, [6, 30, 12], title_rows="2:2")
    sheet = read_back(book)
    assert [sheet.column_dimensions[c].width for c in "ABC"] == [6, 30, 12]
    assert sheet.print_title_rows == "$2:$2"
    assert (sheet.page_setup.orientation, int(sheet.page_setup.paperSize)) == ("landscape", 9)  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert (int(sheet.page_setup.fitToWidth), int(sheet.page_setup.fitToHeight)) == (1, 0)
    assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"
    margins = sheet.page_margins
    assert 0 < margins.footer < margins.bottom and 0 < margins.header < margins.top


def test_a_block_that_would_cross_the_page_end_starts_the_next_page():
    book = new_workbook()
    sheet = book.active
    pages = PageBreaks(sheet, [20] * 5, repeated=20, first_page_extra=36)  # 100 units: printed at 100 %
    assert pages.room == pytest.approx((8.27 - 0.6 - 0.75) * 72 * PageBreaks.SAFETY - 20)
    pages.add(3, [150, 150])  # rows 3 and 4
    pages.add(5, [100])
    assert not sheet.row_breaks.brk
    pages.add(6, [60, 60])  # 36 + 400 + 120 is past the ~453 points of a page
    pages.add(8, [pages.room * 1.5])  # taller than a page: starts one, runs onto the next
    pages.add(9, [10])
    assert [brk.id for brk in sheet.row_breaks.brk] == [5, 7]


def test_a_wide_sheet_is_scaled_down_and_so_holds_more_rows_on_a_page():
    narrow = PageBreaks(new_workbook().active, [20] * 5, repeated=0)
    wide = PageBreaks(new_workbook().active, [40] * 5, repeated=0)
    # 784 points printable; five columns of 40 units are 5 × (7 × 40 + 5) pixels, 1069 points: 73 %
    assert wide.room == pytest.approx(narrow.room / 0.73)
