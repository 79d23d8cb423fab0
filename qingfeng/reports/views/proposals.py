"""提案/社情民意 办理情况: an org's subtree in a year, its figures and charts, and its 年度考评 as .xlsx.

Who may view the org's figures opens it (as the dashboard and the 组织生活合规 page); what it counts is what
`proposal_figures` lets the user read: everything for the office's viewers, a unit's own items for its managers.
"""

import io

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from openpyxl.worksheet.cell_range import CellRange

from qingfeng.core import audit
from qingfeng.core.permissions import can
from qingfeng.core.spreadsheets import append, block_heights, new_cell
from qingfeng.core.uploads import attachment, download_name
from qingfeng.ledger.exports import FONT_SIZE, cn_date, register_sheet

from ..figures import sub_orgs
from ..meetings import XLSX
from ..proposal_figures import proposal_figures
from ..scopes import figures_org, figures_year, other_years

NOT_RATED = "—"  # a rate with nothing to divide by, a unit that never replied


def _pct(value):
    return None if value is None else round(value * 100, 1)


def _chosen(request):
    """The org (?org=, 404 outside the user's view; default where their view starts) and the year (?year=)."""
    org = figures_org(request.user, request.GET.get("org", ""))
    today = timezone.localdate()
    return org, figures_year(request.GET.get("year", ""), today), today


@login_required
def proposal_dashboard(request):
    user = request.user
    org, year, today = _chosen(request)
    figures = proposal_figures(user, org, year)
    url = reverse("proposal_dashboard")
    data = {
        "units": [{"name": row.unit.name, "url": f"{url}?org={row.unit.pk}&year={year}",
                   "satisfaction": _pct(row.satisfaction_rate), "pleased": row.satisfied_and_basic,
                   "rated": row.rated} for row in figures.units],
        "proposalCategories": [{"name": name, "value": n} for name, n in figures.by_category],
        "months": [{"month": f"{month}月", "received": received, "replied": replied}
                   for month, received, replied in figures.months],
    }
    return render(request, "reports/proposal_dashboard.html", {
        "org": org, "year": year, "today": today, "figures": figures, "totals": figures.totals,
        "trail": [o for o in org.ancestors_and_self() if can(user, "view", o)], "working_org": org,
        "sub_orgs": sub_orgs(user, org), "years": other_years(year, today), "data": data,
    })


# (header, width, style): as the 整改台账 and 会议台账 print (ledger.exports.register_sheet)
COLUMNS = [("名次", 6, "qf_center"), ("主办单位", 28, "qf_body"), ("主办件数", 9, "qf_center"),
           ("办结数", 8, "qf_center"), ("办结率", 9, "qf_center"), ("按期答复率", 11, "qf_center"),
           ("满意率", 9, "qf_center"), ("不满意件数", 11, "qf_center"), ("未评价件数", 11, "qf_center"),
           ("平均答复天数", 13, "qf_center")]
PERCENT, DAYS = "0.0%", "0.0"  # number formats: rates and days stay numbers, shown as on the page
FORMATS = [None, None, None, None, PERCENT, PERCENT, PERCENT, None, None, DAYS]


def appraisal_title(year: int) -> str:
    return f"{year}年度提案/社情民意办理考评表"


def appraisal_note(unrated_as_satisfied: bool) -> str:
    unrated = ("已办结而未评价的事项按满意计入" if unrated_as_satisfied
               else "已办结而未评价的事项单列为未评价，不计入满意率")
    return ("说明：办结率＝办结数÷主办件数；按期答复率＝在办理时限内答复的件数÷已答复件数；"
            f"满意率＝（满意＋基本满意）÷已评价件数，{unrated}；平均答复天数为交办至（最后一次）答复的天数。"
            "名次依次比较满意率、办结率、按期答复率（高者在前）和平均答复天数（少者在前），各项相同的并列。")


def _row(first, second, counts) -> list:
    rate = [NOT_RATED if value is None else value
            for value in (counts.closing_rate, counts.on_time_rate, counts.satisfaction_rate)]
    return [first, second, counts.assigned, counts.closed, *rate, counts.rated_unsatisfied, counts.unrated,
            NOT_RATED if counts.reply_days is None else counts.reply_days]


def write_appraisal(figures, today, buffer) -> None:
    """The 年度考评 of `figures` (from `proposal_figures`): a row per lead unit in rank order and the subtree's 合计,
    A4 landscape, the org and the scope under the title, the definitions at the foot."""
    org, totals = figures.org, figures.totals
    subtitle = (f"统计单位：{org.name}（含下级单位）　　统计范围：{figures.year}年提交的事项（按北京时间），"
                f"按主办单位统计　　统计截至：{cn_date(today)}")
    wb, ws, _ = register_sheet("年度考评", appraisal_title(figures.year), COLUMNS, subtitle=subtitle)
    widths = [width for _, width, _ in COLUMNS]
    cells = [new_cell(ws, style) for _, _, style in COLUMNS]
    for cell, number_format in zip(cells, FORMATS, strict=True):
        if number_format:
            cell.number_format = number_format
    for values in [_row(row.rank, row.unit.name, row) for row in figures.units] + [_row("", "合计", totals)]:
        # measured by the unit's name: the rest are short numbers (a rate's repr, 0.3333333333333333, is not)
        [height] = block_heights([values[:2]], widths[:2], FONT_SIZE)
        append(ws, values, cells=cells, height=height)
    note = appraisal_note(totals.unrated_as_satisfied)
    [height] = block_heights([[note]], [sum(widths)], FONT_SIZE)
    append(ws, [note], cells=[new_cell(ws, "qf_subtitle")], height=height)
    row = len(figures.units) + 5  # title, subtitle, header, the units, 合计, then the note
    ws.merged_cells.ranges.add(CellRange(min_col=1, min_row=row, max_col=len(COLUMNS), max_row=row))
    wb.save(buffer)


@login_required
def proposal_appraisal_export(request):
    """The 年度考评 of ?org= and ?year= as on the page, as .xlsx; audited like every export."""
    org, year, today = _chosen(request)
    figures = proposal_figures(request.user, org, year)
    buffer = io.BytesIO()
    write_appraisal(figures, today, buffer)
    audit.record("export.proposal_appraisal", request=request, org=org, about=org,
                 detail=f"{org.name}{appraisal_title(year)}，{len(figures.units)} 个主办单位")
    name = download_name(org.name, f"{year}年度", "提案社情民意办理考评表", f"{today:%Y%m%d}", suffix=".xlsx")
    return attachment(buffer.getvalue(), XLSX, name)


urlpatterns = [
    path("reports/proposals/", proposal_dashboard, name="proposal_dashboard"),
    path("reports/proposals/appraisal.xlsx", proposal_appraisal_export, name="proposal_appraisal_export"),
]
