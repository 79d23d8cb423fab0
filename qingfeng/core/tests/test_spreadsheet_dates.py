"""Dates in a workbook stay date cells, shown as on paper: 2026年10月17日."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from qingfeng.core.spreadsheets import DATE_NUMBER_FORMAT, DATETIME_NUMBER_FORMAT, append, new_cell, new_workbook


def saved(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue())).active


@pytest.mark.parametrize("write_only", [False, True])
def test_a_date_cell_reads_as_a_chinese_date(write_only):
    workbook = new_workbook(write_only=write_only)
    sheet = workbook.create_sheet() if write_only else workbook.active
    append(sheet, ["整改时限", datetime.date(2026, 10, 17), datetime.datetime(2026, 10, 17, 14, 5), 3])

    [row] = saved(workbook).iter_rows()
    assert row[1].value == datetime.datetime(2026, 10, 17) and row[1].number_format == DATE_NUMBER_FORMAT
    assert row[2].number_format == DATETIME_NUMBER_FORMAT
    assert row[3].number_format == "General"


def test_a_reused_styled_cell_shows_a_date_only_in_its_date_rows():
    workbook = new_workbook(write_only=True)
    sheet = workbook.create_sheet()
    cells = [new_cell(sheet) for _ in range(2)]
    append(sheet, [datetime.date(2026, 10, 18), 5], cells=cells)
    append(sheet, [7, datetime.date(2026, 10, 19)], cells=cells)

    first, second = saved(workbook).iter_rows()
    assert (first[0].number_format, first[1].number_format) == (DATE_NUMBER_FORMAT, "General")
    assert (second[0].number_format, second[1].number_format) == ("General", DATE_NUMBER_FORMAT)
