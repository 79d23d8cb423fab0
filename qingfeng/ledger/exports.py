"""整改台账 as the .xlsx offices file: one row per measure, a problem's own cells merged.

The rows are whatever `visible_to` and the ledger's filter give the user (the caller passes
that queryset), so an export never shows more than the ledger page does. Written in one
pass in chunks, with evidence prefetched per chunk, through openpyxl's write-only mode:
the cost per row and the memory are flat (bench/export_ledger.py: 100,000 rows).
"""

from collections.abc import Callable

from django.db.models import Prefetch
from django.utils import timezone
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from qingfeng.core import audit
from qingfeng.core.jobs import JobResult, export_path
from qingfeng.core.permissions import visible_to
from qingfeng.core.spreadsheets import append, new_cell, new_workbook

from .models import Evidence, Problem, Rectification

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
    evidence = visible_to(user, Evidence).only("rectification", "original_name", "note").order_by("uploaded_at", "pk")
    # Only the columns the sheet shows: building fewer fields per object saves about 15 % of the CPU time.
    # A column added to the sheet but not here costs a query per row, which the pinned query count catches.
    return (queryset.select_related("problem__checklist_item__category", "owner", "leader")
            .only("measure", "due_date", "kind", "status", "progress", "accepted_at", "problem__description",
                  "problem__source", "problem__checklist_item__category__title", "owner__name", "leader__name")
            .prefetch_related(Prefetch("evidence", queryset=evidence, to_attr="evidence_shown"))
            .order_by("problem__created_at", "problem_id", "due_date", "pk"))


def labels(choices) -> dict:
    """A field's choices as plain strings, looked up once per export instead of per row."""
    return {value: str(label) for value, label in choices}


def category_of(problem, sources: dict) -> str:
    item = problem.checklist_item
    return item.category.title if item else sources.get(problem.source, problem.source)


def completion(rectification, today, statuses: dict) -> str:
    text = statuses.get(rectification.status, rectification.status)
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


def _set_up_page(ws) -> None:
    for i, (_, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.row_dimensions[1].height = 36
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def write_ledger(queryset, title: str, path, progress: Callable[[int], None] | None = None) -> int:
    """Write the rows of `queryset` (from `ledger_queryset`) to `path`; returns the row count."""
    # Write-only: each row goes to disk as it is appended, so memory stays flat whatever the
    # row count. Its sheet head is written with the first row, so the page is set up first;
    # merged ranges are written at the end, from `ws.merged_cells`.
    wb = new_workbook(write_only=True)
    ws = wb.create_sheet("整改台账")
    for style in _styles():
        wb.add_named_style(style)
    _set_up_page(ws)
    last = get_column_letter(len(COLUMNS))
    merges = ws.merged_cells.ranges  # added to directly: MultiCellRange.add is linear in the ranges

    # A row is written as soon as it is appended, so one styled cell per column serves every row.
    append(ws, [title], cells=[new_cell(ws, "qf_title")])
    merges.add(CellRange(f"A1:{last}1"))
    append(ws, [h for h, _ in COLUMNS], cells=[new_cell(ws, "qf_header") for _ in COLUMNS])
    # Centred for short fields, wrapped left for text.
    cells = [new_cell(ws, style) for style in ("qf_center", "qf_center", "qf_body", "qf_body", "qf_center", "qf_center",
                                               "qf_center", "qf_center", "qf_body", "qf_body", "qf_center")]

    statuses, kinds = labels(Rectification.Status.choices), labels(Rectification.Kind.choices)
    sources = labels(Problem.Source.choices)
    today = timezone.localdate()
    row = 2
    number = 0
    current = None  # (problem id, first row)
    count = 0

    def close_group(last_row):
        if current and last_row > current[1]:
            for col in range(1, MERGED + 1):
                merges.add(CellRange(min_col=col, min_row=current[1], max_col=col, max_row=last_row))

    for r in queryset.iterator(chunk_size=CHUNK):
        row += 1
        problem = r.problem
        first = current is None or current[0] != problem.pk
        if first:
            close_group(row - 1)
            number += 1
            current = (problem.pk, row)
            head = [number, category_of(problem, sources), problem.description]
        append(ws, (head if first else [None] * MERGED) + [  # covered cells: empty, bordered
            r.measure, r.leader.name if r.leader_id else "", r.owner.name, cn_date(r.due_date),
            kinds.get(r.kind, r.kind), completion(r, today, statuses), evidence_text(r), cn_date(r.accepted_at),
        ], cells=cells)
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


def record_export(user, ledger_filter, rows: int, request=None, job=None) -> None:
    """Who took the 整改台账 out, how many rows, under which filter (core.audit), filed under the org exported."""
    chosen = ledger_filter.form.cleaned_data if ledger_filter.is_valid() else {}
    asked = "&".join(f"{key}={value}" for key, value in ledger_filter.data.items() if value)
    detail = f"{rows} 条整改措施" + (f"，筛选条件：{asked}" if asked else "") + (f"，后台任务 #{job.pk}" if job else "")
    audit.record("export.ledger", request=request, user=user, org=chosen.get("org"), about=chosen.get("campaign"),
                 detail=detail)


def filename_for(title: str) -> str:
    return f"{title}_{timezone.localdate():%Y%m%d}.xlsx"


def run_job(job, progress):
    """The background job (core.jobs): same filter, same user, written to the file storage."""
    user = job.requested_by
    ledger_filter = filter_for(user, job.params)
    title = ledger_title(ledger_filter.form.cleaned_data.get("campaign") if ledger_filter.is_valid() else None)
    name, full = export_path(job, ".xlsx")
    rows = write_ledger(ledger_queryset(user, ledger_filter.qs), title, full, progress)
    record_export(user, ledger_filter, rows, job=job)
    return JobResult(file=name, filename=filename_for(title), done=rows)
