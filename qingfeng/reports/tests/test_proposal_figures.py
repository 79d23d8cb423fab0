"""提案/社情民意 figures on a hand-built year (`proposal_year`, in conftest.py): every figure exact, per unit,
subtree and year (Asia/Shanghai); who reads which; the page and the 年度考评 .xlsx.
"""

import io

from django.urls import reverse
from openpyxl import load_workbook

from qingfeng.core.models import AuditEntry
from qingfeng.core.testing import formula_cells
from qingfeng.orgs.models import Org
from qingfeng.reports.proposal_figures import UnitRow, appraisal, items, proposal_figures, ranked

YEAR = 2026


def figures_of(counts) -> dict:
    """Every figure of a ProposalCounts (rates rounded to 0.1 %) as one dict, to compare at once."""
    def pct(value):
        return None if value is None else round(value * 100, 1)

    return {"received": counts.received, "accepted": counts.accepted, "referred": counts.referred,
            "assigned": counts.assigned, "closed": counts.closed, "closing_rate": pct(counts.closing_rate),
            "answered": counts.answered, "on_time": counts.on_time, "on_time_rate": pct(counts.on_time_rate),
            "satisfied": counts.satisfied, "basic": counts.rated_basic, "unsatisfied": counts.rated_unsatisfied,
            "unrated": counts.unrated, "rated": counts.rated, "satisfaction_rate": pct(counts.satisfaction_rate),
            "reply_days": counts.reply_days}


OFFICE_2026 = {"received": 16, "accepted": 11, "referred": 1, "assigned": 10, "closed": 6, "closing_rate": 60.0,
               "answered": 7, "on_time": 4, "on_time_rate": 57.1, "satisfied": 3, "basic": 1, "unsatisfied": 2,
               "unrated": 1, "rated": 6, "satisfaction_rate": 66.7, "reply_days": 14.4}
UNIT_A = {"received": 4, "accepted": 4, "referred": 0, "assigned": 4, "closed": 3, "closing_rate": 75.0,
          "answered": 3, "on_time": 2, "on_time_rate": 66.7, "satisfied": 1, "basic": 1, "unsatisfied": 0,
          "unrated": 1, "rated": 2, "satisfaction_rate": 100.0, "reply_days": 9.2}
UNIT_B = {"received": 4, "accepted": 4, "referred": 0, "assigned": 4, "closed": 2, "closing_rate": 50.0,
          "answered": 3, "on_time": 1, "on_time_rate": 33.3, "satisfied": 1, "basic": 0, "unsatisfied": 2,
          "unrated": 0, "rated": 3, "satisfaction_rate": 33.3, "reply_days": 23.3}
UNIT_D = {"received": 2, "accepted": 2, "referred": 0, "assigned": 2, "closed": 1, "closing_rate": 50.0,
          "answered": 1, "on_time": 1, "on_time_rate": 100.0, "satisfied": 1, "basic": 0, "unsatisfied": 0,
          "unrated": 0, "rated": 1, "satisfaction_rate": 100.0, "reply_days": 3.0}


def test_the_office_reads_every_figure_of_its_year(proposal_year, world):
    figures = proposal_figures(world.leader, world.c, YEAR)
    assert figures_of(figures.totals) == OFFICE_2026
    assert figures.by_status == [("待受理", 2), ("已受理", 1), ("办理中", 3), ("已答复", 1), ("已办结", 6),
                                 ("留作参考", 1), ("不予受理", 1), ("已合并", 1)]
    assert figures.by_category == [("经济发展", 3), ("民生保障", 6), ("作风建设", 1), ("基层治理", 2),
                                   ("生态环境", 2), ("其他", 2)]


def test_each_lead_unit_has_its_row_ranked(proposal_year, world):
    rows = proposal_figures(world.admin, world.c, YEAR).units
    assert [(row.unit.name, row.rank) for row in rows] == [("一中党支部", 1), ("县教育局", 2), ("二中党支部", 3)]
    assert [figures_of(row) for row in rows] == [UNIT_A, UNIT_D, UNIT_B]


def test_months_count_items_received_and_replies_given_in_shanghai(proposal_year, world):
    months = proposal_figures(world.leader, world.c, YEAR).months
    # x1 (00:30 on 1 January) is January's, d2 (23:30 on 31 December) December's; x2's reply (an item of 2025)
    # is January's, and b1's and b2's second replies count again.
    assert [received for _month, received, _replied in months] == [2, 1, 1, 1, 1, 1, 1, 1, 3, 1, 1, 2]
    assert [replied for _month, _received, replied in months] == [2, 1, 1, 1, 3, 0, 2, 1, 0, 0, 0, 0]


def test_unrated_closed_items_count_as_satisfied_when_configured(proposal_year, world, settings):
    settings.PROPOSAL_UNRATED_AS_SATISFIED = True
    figures = proposal_figures(world.leader, world.c, YEAR)
    # a3 (closed, nobody rated it) moves from 未评价 to 满意, in the numerator and the denominator
    assert figures_of(figures.totals) == {**OFFICE_2026, "satisfied": 4, "unrated": 0, "rated": 7,
                                          "satisfaction_rate": 71.4}
    unit_a = figures.units[0]
    assert figures_of(unit_a) == {**UNIT_A, "satisfied": 2, "unrated": 0, "rated": 3, "satisfaction_rate": 100.0}
    # b3 is replied and waiting for its rating: neither 未评价 nor 满意 under either setting
    assert figures.units[2].unit.name == "二中党支部" and figures.units[2].rated == 3


def test_year_boundaries_are_shanghai_years(proposal_year, world):
    def keys(year):
        return sorted(p.title for p in items(world.leader, world.c, year))

    assert "x1" in keys(2026) and "d2" in keys(2026)
    assert keys(2025) == ["x2"]
    assert keys(2027) == ["x3"]
    assert figures_of(proposal_figures(world.leader, world.c, 2025).totals)["unsatisfied"] == 1


def test_a_subtree_counts_the_items_its_units_lead(proposal_year, world):
    figures = proposal_figures(world.leader, world.g, YEAR)
    assert figures_of(figures.totals) == {
        "received": 8, "accepted": 8, "referred": 0, "assigned": 8, "closed": 5, "closing_rate": 62.5,
        "answered": 6, "on_time": 3, "on_time_rate": 50.0, "satisfied": 2, "basic": 1, "unsatisfied": 2,
        "unrated": 1, "rated": 5, "satisfaction_rate": 60.0, "reply_days": 16.3}
    assert [row.unit.name for row in figures.units] == ["一中党支部", "二中党支部"]
    assert sum(n for _label, n in figures.by_status) == 8
    # the office's items given to no unit belong to the office, not to a subtree below it
    assert dict(figures.by_status)["待受理"] == 0


def test_a_units_secretary_reads_her_units_items_only(proposal_year, world):
    # even asked for the whole tree, the figures hold only the items branch A leads (through its assignments)
    for org in (world.c, world.a):
        figures = proposal_figures(world.sec_a, org, YEAR)
        assert figures_of(figures.totals) == UNIT_A
        assert [(row.unit.name, row.rank) for row in figures.units] == [("一中党支部", 1)]
    assert [row.unit.name for row in appraisal(world.sec_b, world.c, YEAR)] == ["二中党支部"]


def test_a_member_without_a_role_reads_nothing(proposal_year, world):
    assert proposal_figures(world.alice_user, world.c, YEAR).totals.received == 0


def test_units_equal_on_every_criterion_share_a_rank():
    def row(code, closed, rated_satisfied, rated_unsatisfied):
        return UnitRow(unit=Org(name=code, path=code), assigned=4, closed=closed, rated_satisfied=rated_satisfied,
                       rated_unsatisfied=rated_unsatisfied)

    rows = ranked([row("0003", 2, 1, 1), row("0001", 4, 1, 1), row("0002", 4, 1, 1), row("0004", 0, 0, 0)])
    assert [(r.unit.name, r.rank) for r in rows] == [("0001", 1), ("0002", 1), ("0003", 3), ("0004", 4)]


# --- The page and the 年度考评 .xlsx ---

def test_the_dashboard_shows_the_figures_of_the_org_and_year_asked(proposal_year, world, login):
    page = login(world.leader).get(reverse("proposal_dashboard"), {"org": world.c.pk, "year": YEAR})
    assert page.status_code == 200
    html = page.content.decode()
    for key, shown in [("received", "16"), ("closing_rate", "60.0%"), ("on_time_rate", "57.1%"),
                       ("satisfaction_rate", "66.7%"), ("unsatisfied", "2"), ("unrated", "1"),
                       ("reply_days", "14.4")]:
        assert f'data-figure="{key}">{shown}<' in html
    assert "按北京时间的提交日期划分年度" in html
    data = page.context["data"]
    assert [(u["name"], u["satisfaction"], u["pleased"], u["rated"]) for u in data["units"]] == [
        ("一中党支部", 100.0, 2, 2), ("县教育局", 100.0, 1, 1), ("二中党支部", 33.3, 1, 3)]
    assert data["months"][4] == {"month": "5月", "received": 1, "replied": 3}
    assert f'href="{reverse("proposal_appraisal_export")}?org={world.c.pk}&amp;year={YEAR}"' in html


def test_a_secretary_opens_her_branch_and_no_org_above_it(proposal_year, world, login):
    client = login(world.sec_a)
    page = client.get(reverse("proposal_dashboard"), {"year": YEAR})
    assert page.context["org"] == world.a
    assert [row.unit.name for row in page.context["figures"].units] == ["一中党支部"]
    for other in (world.c, world.g, world.b):
        assert client.get(reverse("proposal_dashboard"), {"org": other.pk}).status_code == 404
        assert client.get(reverse("proposal_appraisal_export"), {"org": other.pk}).status_code == 404


def test_a_member_without_a_viewing_role_is_refused(proposal_year, world, login):
    client = login(world.alice_user)
    assert client.get(reverse("proposal_dashboard")).status_code == 403
    assert client.get(reverse("proposal_appraisal_export")).status_code == 403


def test_the_appraisal_sheet_has_a_row_per_unit_in_rank_and_no_formula(proposal_year, world, login):
    world.d.name = "=HYPERLINK(\"http://evil.example\",\"点我\")"  # a unit named like a formula stays text
    world.d.save()
    response = login(world.admin).get(reverse("proposal_appraisal_export"), {"org": world.c.pk, "year": YEAR})
    assert response.status_code == 200
    assert formula_cells(response.content) == []
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "2026年度提案/社情民意办理考评表"
    assert rows[1][0].startswith("统计单位：清风县委（含下级单位）")
    assert rows[2] == ["名次", "主办单位", "主办件数", "办结数", "办结率", "按期答复率", "满意率", "不满意件数",
                       "未评价件数", "平均答复天数"]
    rounded = [[round(v, 3) if isinstance(v, float) else v for v in row] for row in rows[3:7]]
    assert rounded == [
        [1, "一中党支部", 4, 3, 0.75, 0.667, 1, 0, 1, 9.2],
        [2, world.d.name, 2, 1, 0.5, 1, 1, 0, 0, 3],
        [3, "二中党支部", 4, 2, 0.5, 0.333, 0.333, 2, 0, 23.3],
        [None, "合计", 10, 6, 0.6, 0.571, 0.667, 2, 1, 14.4],
    ]
    assert rows[7][0].startswith("说明：办结率＝办结数÷主办件数")
    assert sheet.print_title_rows == "$3:$3"
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize) == ("landscape", 9)  # A4
    entry = AuditEntry.objects.get(action="export.proposal_appraisal")
    assert (entry.user, entry.org_path) == (world.admin, world.c.path)


def test_an_empty_year_still_makes_a_sheet(world, login):
    response = login(world.leader).get(reverse("proposal_appraisal_export"), {"year": "2001"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "2001年度提案/社情民意办理考评表"
    assert values[3] == [None, "合计", 0, 0, "—", "—", "—", 0, 0, "—"]


def test_odd_parameters_and_a_unit_named_like_markup(proposal_year, world, login):
    client = login(world.leader)
    assert client.get(reverse("proposal_dashboard"), {"org": "1 OR 1=1"}).status_code == 404
    page = client.get(reverse("proposal_dashboard"), {"org": world.c.pk, "year": "<script>"})
    assert page.context["year"] == page.context["today"].year  # an unreadable year shows this year
    world.d.name = '"><img src=x onerror=alert(1)>'
    world.d.save()
    html = client.get(reverse("proposal_dashboard"), {"org": world.c.pk, "year": YEAR}).content.decode()
    assert "<img src=x" not in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html  # the table; the chart's JSON escapes it too
