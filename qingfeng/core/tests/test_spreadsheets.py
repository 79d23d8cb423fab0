"""Every .xlsx QingFeng writes goes through core/spreadsheets.py, where typed text never becomes a formula.

The last tests check the source, as Zulip checks its API documentation: a module other than the
writer that makes a workbook, opens one it could write, or puts values into a sheet fails here,
naming the file and line. Tests, migrations and bench/ build input files and are not scanned.
"""

import ast
import datetime
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.styles import Font, NamedStyle

import qingfeng
from qingfeng.core import spreadsheets
from qingfeng.core.spreadsheets import append, new_cell, new_workbook, put
from qingfeng.core.testing import FORMULA_LOOKALIKES, formula_cells

PACKAGE = Path(qingfeng.__file__).resolve().parent
WRITER = Path(spreadsheets.__file__).resolve()
DOORS = {"Workbook", "WriteOnlyCell", "Cell"}  # what makes a workbook or a cell to fill
SHEET_NAME = re.compile(r"(^|_)(ws|sheet|worksheet)$")
BOOK_NAME = re.compile(r"(^|_)(wb|book|workbook)$")


def saved(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_back(content: bytes):
    return load_workbook(io.BytesIO(content)).worksheets[0]


@pytest.mark.parametrize("text", FORMULA_LOOKALIKES)
def test_text_that_could_start_a_formula_is_written_as_the_text_typed(text):
    book = new_workbook()
    append(book.active, [text])
    put(book.active, 2, 1, text)
    streamed = new_workbook(write_only=True)
    sheet = streamed.create_sheet()
    append(sheet, [text])
    append(sheet, [text], cells=[new_cell(sheet)])
    for content in (saved(book), saved(streamed)):
        assert formula_cells(content) == []
        for cell in (read_back(content)["A1"], read_back(content)["A2"]):
            # Excel shows the text as typed, its formula bar shows it after a '
            assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)


def test_numbers_dates_and_ordinary_text_are_written_as_they_are():
    values = [-1, -2.5, datetime.date(2026, 11, 23), "整改措施", "1-1", None]
    book = new_workbook()
    append(book.active, values)
    row = [cell for cell in read_back(saved(book))[1]]
    assert [cell.value for cell in row[:5]] == [-1, -2.5, datetime.datetime(2026, 11, 23), "整改措施", "1-1"]
    assert [cell.data_type for cell in row[:5]] == ["n", "n", "d", "s", "s"]
    assert not any(cell.quotePrefix for cell in row)


def test_a_write_only_cell_reused_row_after_row_keeps_each_rows_own_prefix_and_its_style():
    book = new_workbook(write_only=True)
    book.add_named_style(NamedStyle("bold", font=Font(bold=True)))
    sheet = book.create_sheet()
    cells = [new_cell(sheet, "bold")]
    for text in ["措施一", "=1+1", "措施二", "-措施三", "措施四"]:
        append(sheet, [text], cells=cells)
    column = [row[0] for row in read_back(saved(book)).iter_rows()]
    assert [cell.quotePrefix for cell in column] == [False, True, False, True, False]
    assert all(cell.font.bold for cell in column)


# ---------------------------------------------------------------------------- the one door


def _root(node):
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _is_sheet(node) -> bool:
    """`ws`, `help_ws`, `self.sheet`, `book.active`, `book.create_sheet(...)`, `wb["台账"]`."""
    if isinstance(node, ast.Name):
        return bool(SHEET_NAME.search(node.id))
    if isinstance(node, ast.Attribute):
        return node.attr == "active" or bool(SHEET_NAME.search(node.attr))
    if isinstance(node, ast.Call):
        return isinstance(node.func, ast.Attribute) and node.func.attr == "create_sheet"
    if isinstance(node, ast.Subscript):
        book = node.value
        return ((isinstance(book, ast.Name) and bool(BOOK_NAME.search(book.id)))
                or (isinstance(book, ast.Attribute) and book.attr == "worksheets"))
    return False


def _touches_spreadsheets(tree) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "openpyxl" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "openpyxl":
            return True
        if isinstance(node, ast.ImportFrom) and node.module == spreadsheets.__name__:
            return True
    return False


def _passes_a_value(call: ast.Call) -> bool:
    return len(call.args) >= 3 or any(k.arg == "value" for k in call.keywords)


def _read_only(call: ast.Call) -> bool:
    return any(k.arg == "read_only" and isinstance(k.value, ast.Constant) and k.value.value is True
               for k in call.keywords)


def violations(source: str) -> list[str]:
    """Each way `source` writes a spreadsheet other than through core/spreadsheets.py, by line."""
    tree = ast.parse(source)
    touches = _touches_spreadsheets(tree)
    found = []
    for node in ast.walk(tree):
        where = f"line {getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "openpyxl":
            found += [f"{where}: imports {a.name} from {node.module}" for a in node.names if a.name in DOORS]
        elif isinstance(node, ast.Attribute) and node.attr in DOORS and _root(node) == "openpyxl":
            found.append(f"{where}: uses openpyxl's {node.attr}")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            receiver = func.value if isinstance(func, ast.Attribute) else None
            if name == "load_workbook" and not _read_only(node):
                found.append(f"{where}: load_workbook without read_only=True opens a workbook it could write")
            elif name == "append" and _is_sheet(receiver):
                found.append(f"{where}: appends to a sheet directly")
            elif name == "cell" and receiver and _passes_a_value(node) and (touches or _is_sheet(receiver)):
                found.append(f"{where}: sets a cell through .cell(value=...)")
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if isinstance(target, ast.Subscript) and _is_sheet(target.value):
                    found.append(f"{where}: assigns into a sheet")
                elif touches and isinstance(target, ast.Attribute) and target.attr == "value":
                    found.append(f"{where}: sets a cell's .value")
    return found


def project_modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if path.resolve() != WRITER and "tests" not in parts and "migrations" not in parts:
            yield path


def test_only_the_writer_module_writes_spreadsheets():
    found = [f"{path.relative_to(PACKAGE.parent)} {problem}"
             for path in project_modules() for problem in violations(path.read_text())]
    assert found == [], ("write .xlsx through qingfeng/core/spreadsheets.py (new_workbook, append, put):\n"
                         + "\n".join(found))


def test_the_scan_reads_the_modules_that_write_spreadsheets():
    scanned = {str(path.relative_to(PACKAGE)) for path in project_modules()}
    assert {"ledger/exports.py", "orgs/roster.py", "campaigns/checklist_io.py"} <= scanned


@pytest.mark.parametrize("source", [
    "from openpyxl import Workbook",
    "from openpyxl.workbook.workbook import Workbook",
    "from openpyxl.cell import WriteOnlyCell",
    "import openpyxl\nbook = openpyxl.Workbook()",
    "from openpyxl import load_workbook\nbook = load_workbook(path)",
    "ws.append(['=1'])",
    "help_ws.append(row)",
    "book.active.append(row)",
    "book.create_sheet('台账').append(row)",
    "wb['台账'].append(row)",
    "from openpyxl.styles import Font\nsheet.cell(row=1, column=1, value=text)",
    "ws.cell(1, 1, text)",
    "ws['A1'] = text",
    "from openpyxl.styles import Font\ncell.value = text",
])
def test_the_scan_catches_each_way_around_the_writer(source):
    assert violations(source)


@pytest.mark.parametrize("source", [
    "from openpyxl import load_workbook\nbook = load_workbook(upload, read_only=True, data_only=True)",
    "from openpyxl.styles import Font\nrows.append(values)\nself.problems.append(text)",
    "from openpyxl.styles import Font\nvalue = self.cell(values, NAME)",
    "from qingfeng.core.spreadsheets import append\nappend(ws, values)",
    "for cell in ws[1]:\n    cell.font = Font(bold=True)",
    "option.value = 3",  # a module that writes no spreadsheet
])
def test_the_scan_lets_reading_styling_and_ordinary_lists_be(source):
    assert violations(source) == []
