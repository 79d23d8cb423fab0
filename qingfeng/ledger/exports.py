"""整改台账 as the .xlsx offices file: one row per measure, a problem's own cells merged.

The rows are whatever `visible_to` and the ledger's filter give the user (the caller passes
that queryset), so an export never shows more than the ledger page does. Written in one
pass in chunks, with evidence prefetched per chunk: the cost per row is flat.
"""

from collections.abc import Callable
from copy import copy

from django.db.models import Prefetch
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.page import PageMargins

from qingfeng.core.export_jobs import export_path, log_export
from qingfeng.core.permissions import visible_to

from .models import Evidence

KIND = "ledger_xlsx"
COLUMNS = [  # (header, width in characters)
    ("序号", 6), ("问题类别", 14), ("问题描述", 32), ("整改措施", 32), ("责任领导", 9), ("责任人", 9),
    ("整改时限", 15), ("整改类型", 10), ("完成情况", 24), ("佐证材料", 24), ("销号时间", 15),
]
MERGED = 3  # 序号, 问题类别, 问题描述 belong to the problem: merged over its measures
FONT = "宋体"
CHUNK = 2000
PROGRESS_EVERY = 1000


def cn_date(value) -> str:
    """Dates as filed on paper: 2026年11月23日."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localdate(value)
    return f"{value.year}年{value.month}月{value.day}日"


def ledger_queryset(user, queryset):
    """The export's rows: `queryset` (already visible to `user`) grouped by problem, evidence alongside."""
    return (queryset.select_related("problem__checklist_item__category", "owner", "leader")
            .prefetch_related(Prefetch("evidence", queryset=visible_to(user, Evidence).order_by("uploaded_at", "pk"),
                                       to_attr="evidence_shown"))
            .order_by("problem__created_at", "problem_id", "due_date", "pk"))


def category_of(problem) -> str:
    item = problem.checklist_item
    return item.category.title if item else problem.get_source_display()


def completion(rectification, today) -> str:
    text = rectification.get_status_display()
    if rectification.is_overdue(today):
        text += "（已逾期）"
    if rectification.progress:
        text += f"\n{rectification.progress}"
    return text


def evidence_text(rectification) -> str:
    return "\n".join(e.original_name or e.note for e in rectification.evidence_shown)


def _styles():
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    body = NamedStyle("qf_body", font=Font(name=FONT, size=10), border=border,
                      alignment=Alignment(vertical="center", wrap_text=True))
    center = NamedStyle("qf_center", font=Font(name=FONT, size=10), border=border,
                        alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
    header = NamedStyle("qf_header", font=Font(name="黑体", size=11, bold=True), border=border,
                        alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
    title = NamedStyle("qf_title", font=Font(name="方正小标宋简体", size=18),
                       alignment=Alignment(horizontal="center", vertical="center"))
    return body, center, header, title


def write_ledger(queryset, title: str, path, progress: Callable[[int], None] | None = None) -> int:
    """Write the rows of `queryset` (from `ledger_queryset`) to `path`; returns the row count."""
    wb = Workbook()
    ws = wb.active
    ws.title = "整改台账"
    body, center, header, title_style = _styles()
    for style in (body, center, header, title_style):
        wb.add_named_style(style)
    last = get_column_letter(len(COLUMNS))

    ws.append([title])
    ws.merge_cells(f"A1:{last}1")
    ws["A1"].style = "qf_title"
    ws.row_dimensions[1].height = 36
    ws.append([h for h, _ in COLUMNS])
    for cell in ws[2]:
        cell.style = "qf_header"
    for i, (_, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"

    # Column styles per position: centred for short fields, wrapped left for text.
    styles = ["qf_center", "qf_center", "qf_body", "qf_body", "qf_center", "qf_center", "qf_center",
              "qf_center", "qf_body", "qf_body", "qf_center"]
    today = timezone.localdate()
    row = 2
    number = 0
    current = None  # (problem id, first row)
    count = 0

    # openpyxl's own merge_cells and per-cell style setters are quadratic / slow at 100k rows:
    # merged ranges are added to the sheet's set directly, and each cell gets a copy of a
    # prepared style array (the documented-in-source fast path; the file written is the same).
    protos = {}
    for name in set(styles):
        scratch = Cell(ws)
        scratch.style = name
        protos[name] = scratch._style
    merges = ws.merged_cells.ranges

    def close_group(last_row):
        if current and last_row > current[1]:
            for col in range(1, MERGED + 1):
                letter = get_column_letter(col)
                merges.add(MergedCellRange(ws, f"{letter}{current[1]}:{letter}{last_row}"))

    for r in queryset.iterator(chunk_size=CHUNK):
        row += 1
        problem = r.problem
        first = current is None or current[0] != problem.pk
        if first:
            close_group(row - 1)
            number += 1
            current = (problem.pk, row)
            head = [number, category_of(problem), problem.description]
        values = (head if first else [None] * MERGED) + [
            r.measure, r.leader.name if r.leader_id else "", r.owner.name, cn_date(r.due_date),
            r.get_kind_display(), completion(r, today), evidence_text(r), cn_date(r.accepted_at),
        ]
        for col, (value, style) in enumerate(zip(values, styles, strict=True), start=1):
            if first or col > MERGED:
                cell = ws.cell(row=row, column=col, value=value)
            else:  # covered by the problem's merged cells above; bordered like them
                cell = ws._cells[(row, col)] = MergedCell(ws, row=row, column=col)
            cell._style = copy(protos[style])
        count += 1
        if progress and count % PROGRESS_EVERY == 0:
            progress(count)
    close_group(row)
    wb.save(path)
    if progress:
        progress(count)
    return count


def ledger_title(campaign) -> str:
    return f"{campaign.title}整改台账" if campaign else "整改台账"


def rectification_count(queryset) -> int:
    return queryset.order_by().count()

def filter_for(user, params: dict):
    """The ledger's own filter over what `user` may see, as on the ledger page."""
    from django.http import QueryDict

    from .filters import LedgerFilter
    from .models import Rectification

    data = QueryDict(mutable=True)
    for key, value in params.items():
        data[key] = value
    return LedgerFilter(data, queryset=visible_to(user, Rectification), user=user)


def filename_for(title: str) -> str:
    return f"{title}_{timezone.localdate():%Y%m%d}.xlsx"


def run_job(job, progress):
    """The background exporter (core.export_jobs): same filter, same user, written to MEDIA_ROOT."""
    user = job.requested_by
    ledger_filter = filter_for(user, job.params)
    title = ledger_title(ledger_filter.form.cleaned_data.get("campaign") if ledger_filter.is_valid() else None)
    name, full = export_path(job, ".xlsx")
    rows = write_ledger(ledger_queryset(user, ledger_filter.qs), title, full, progress)
    log_export(user, KIND, rows, job=job.pk)
    return rows, filename_for(title), name
