"""整改台账 .xlsx: the filed layout, read back with openpyxl, for exactly what the user may see."""

import io
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from qingfeng.core.models import AuditEntry
from qingfeng.core.spreadsheets import text_height
from qingfeng.core.testing import FORMULA_LOOKALIKES, formula_cells, pinned_queries
from qingfeng.ledger.models import Evidence, Rectification
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory

URL = reverse("ledger_export")
HEADER = ["序号", "问题类别", "问题描述", "整改措施", "责任领导", "责任人", "整改时限", "整改类型", "完成情况",
          "佐证材料", "销号时间"]


@pytest.fixture
def ledger(campaign, world):
    item = campaign.checklist.categories.get(code="1").items.get(code="1.1")
    alices = ProblemFactory(campaign=campaign, member=world.alice, description="学习不深入", checklist_item=item)
    carols = ProblemFactory(campaign=campaign, member=world.carol, description="服务态度生硬", source="public")
    secret = ProblemFactory(campaign=campaign, member=world.alice, source="petition", description="收受礼金线索")
    plan = RectificationFactory(problem=alices, measure="制定学习计划", leader=world.bob, due_in_days=10)
    Evidence.objects.create(rectification=plan, original_name="学习计划.pdf", uploaded_by=world.alice_user)
    Evidence.objects.create(rectification=plan, note="已在支部会上通报", uploaded_by=world.alice_user)
    RectificationFactory(problem=alices, owner=world.bob, measure="撰写学习笔记", due_in_days=20)
    RectificationFactory(problem=alices, measure="参加专题党课", due_in_days=30)
    RectificationFactory(problem=carols, measure="开展服务承诺", due_in_days=20)
    RectificationFactory(problem=secret, measure="退还礼金并说明", due_in_days=15)
    return plan


def sheet(response):
    assert response.status_code == 200, response
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return sheet_of(b"".join(response.streaming_content) if response.streaming else response.content)


def sheet_of(content):
    return load_workbook(io.BytesIO(content)).active


def rows(ws):
    """The data rows in the columns every export has: a county's 所属组织 column is left out."""
    keep = [n for n, cell in enumerate(ws[2]) if cell.value != "所属组织"]
    return [[r[n] for n in keep] for r in ws.iter_rows(min_row=3, values_only=True)]


def column(ws, header) -> str:
    return next(cell.column_letter for cell in ws[2] if cell.value == header)


def test_it_writes_one_row_per_measure_with_the_problem_cells_merged(world, login, ledger, campaign):
    ws = sheet(login(world.sec_a).get(URL, {"campaign": campaign.pk}))
    assert ws["A1"].value == "作风专项整治整改台账"
    assert [c.value for c in ws[2]] == HEADER
    data = rows(ws)
    assert [r[3] for r in data] == ["制定学习计划", "撰写学习笔记", "参加专题党课"]
    assert data[0][:3] == [1, "理想信念方面", "学习不深入"]
    assert data[0][4:6] == ["王强", "张丽"]
    assert data[0][7] == "限期整改"
    assert data[0][8] == "待整改"
    assert data[0][9] == "学习计划.pdf\n已在支部会上通报"
    assert data[1][:3] == [None, None, None]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert merged == {"A1:K1", "A3:A5", "B3:B5", "C3:C5"}


def test_dates_are_written_as_filed_and_accepted_measures_have_their_closing_date(world, login, ledger, campaign):
    from django.utils import timezone

    Rectification.objects.filter(pk=ledger.pk).update(
        status=Rectification.Status.ACCEPTED, accepted_at=timezone.now())
    today = timezone.localdate()
    first = rows(sheet(login(world.sec_a).get(URL)))[0]
    assert first[8] == "已销号"
    assert first[10] == f"{today.year}年{today.month}月{today.day}日"
    due = ledger.due_date
    assert first[6] == f"{due.year}年{due.month}月{due.day}日"


def test_the_sheet_is_set_up_for_printing_on_a4_landscape(world, login, ledger):
    ws = sheet(login(world.admin).get(URL))
    assert ws.freeze_panes == "A3"
    assert ws.print_title_rows == "$2:$2"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and int(ws.page_setup.fitToWidth) == 1
    description = column(ws, "问题描述")
    assert ws[f"{description}3"].font.name == "宋体" and ws[f"{description}3"].alignment.wrap_text
    assert ws[f"{description}3"].border.left.style == "thin"
    assert ws.column_dimensions[description].width >= 30


def test_text_that_looks_like_a_formula_is_written_as_the_text_typed(world, login, campaign):
    problem = ProblemFactory(campaign=campaign, member=world.alice, description=FORMULA_LOOKALIKES[0])
    for days, text in enumerate(FORMULA_LOOKALIKES, start=1):
        measure = RectificationFactory(problem=problem, measure=text, progress=text, due_in_days=days)
        Evidence.objects.create(rectification=measure, note=text, uploaded_by=world.alice_user)
    RectificationFactory(problem=problem, measure="制定学习计划", due_in_days=99)
    response = login(world.admin).get(URL)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert formula_cells(content) == []
    ws = sheet_of(content)
    lines = range(3, 3 + len(FORMULA_LOOKALIKES))
    measures = [ws[f"{column(ws, '整改措施')}{n}"] for n in lines]
    evidence = [ws[f"{column(ws, '佐证材料')}{n}"] for n in lines]
    # Excel shows each as typed; its formula bar shows it after a '
    for cells in ([ws[f"{column(ws, '问题描述')}3"]], measures, evidence):
        assert [(c.value, c.data_type, c.quotePrefix) for c in cells] == [
            (text, "s", True) for text in FORMULA_LOOKALIKES[:len(cells)]]
    assert [ws[f"{column(ws, '完成情况')}{n}"].value for n in lines] == [
        f"待整改\n{text}" for text in FORMULA_LOOKALIKES]
    plain = ws[f"{column(ws, '整改措施')}{3 + len(FORMULA_LOOKALIKES)}"]  # each column's cell serves every row
    assert (plain.value, plain.quotePrefix) == ("制定学习计划", False)


def test_problems_without_a_checklist_item_show_their_source(world, login, ledger):
    data = rows(sheet(login(world.admin).get(URL)))
    assert [r[3] for r in data if r[1] == "群众意见"] == ["开展服务承诺"]


def test_the_export_applies_the_ledger_filters(world, login, ledger):
    data = rows(sheet(login(world.admin).get(URL, {"owner": "王强"})))
    assert [r[3] for r in data] == ["撰写学习笔记"]
    assert data[0][0] == 1


def test_other_branches_and_confidential_problems_stay_out(world, login, ledger):
    assert [r[3] for r in rows(sheet(login(world.sec_b).get(URL)))] == ["开展服务承诺"]
    for user in [world.admin, world.leader, world.inspector, world.sec_a]:
        measures = [r[3] for r in rows(sheet(login(user).get(URL)))]
        assert "退还礼金并说明" not in measures
    assert "退还礼金并说明" in [r[3] for r in rows(sheet(login(world.discipline).get(URL)))]


def test_an_owner_gets_only_her_own_measures(world, login, ledger):
    measures = {r[3] for r in rows(sheet(login(world.alice_user).get(URL)))}
    assert measures == {"制定学习计划", "参加专题党课", "退还礼金并说明"}


def test_a_visitor_must_log_in(client, ledger):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_each_export_is_recorded_in_the_audit_log_with_who_where_and_how_many_rows(world, login, ledger, campaign):
    login(world.sec_a).get(URL, {"campaign": campaign.pk}, REMOTE_ADDR="10.1.2.3")
    entry = AuditEntry.objects.get(action="export.ledger")
    assert (entry.user, entry.address, entry.label) == (world.sec_a, "10.1.2.3", "导出整改台账")
    assert entry.detail == f"3 条整改措施，筛选条件：campaign={campaign.pk}"
    assert (entry.about_id, entry.about_text) == (campaign.pk, campaign.title)
    assert entry.org_path == world.a.path  # where sec_a works: her branch's admins read it


def test_an_export_of_one_org_is_filed_under_that_org(world, login, ledger):
    login(world.admin).get(URL, {"org": world.b.pk})
    entry = AuditEntry.objects.get(action="export.ledger")
    assert (entry.org_path, entry.detail) == (world.b.path, f"1 条整改措施，筛选条件：org={world.b.pk}")


def test_the_export_makes_the_same_number_of_queries_whatever_the_size(world, login, ledger, campaign):
    client = login(world.admin)
    client.get(URL)  # warm the session
    with pinned_queries("ledger.ledger_export"):
        client.get(URL)
    for i in range(5):
        problem = ProblemFactory(campaign=campaign, member=world.bob, description=f"问题{i}")
        for j in range(3):
            rect = RectificationFactory(problem=problem, measure=f"措施{i}-{j}")
            Evidence.objects.create(rectification=rect, note="说明", uploaded_by=world.admin)
    with pinned_queries("ledger.ledger_export"):
        client.get(URL)


def test_an_org_outside_the_scope_exports_nothing_and_the_list_says_why(world, login, ledger):
    client = login(world.sec_b)
    page = client.get(f"{URL}?org={world.a.pk}")
    assert page.status_code == 302 and page["Location"] == f"{reverse('ledger_list')}?org={world.a.pk}"
    assert "所选组织不存在或不在您的查看范围内" in client.get(page["Location"]).content.decode()
    assert client.get(f"{URL}?campaign=abc").status_code == 302


def test_a_county_export_shows_each_problems_org_merged_over_its_measures(world, login, ledger):
    ws = sheet(login(world.admin).get(URL))
    assert [c.value for c in ws[2]] == HEADER[:1] + ["所属组织"] + HEADER[1:]
    orgs = [(r[1], r[4]) for r in ws.iter_rows(min_row=3, values_only=True)]
    assert orgs == [("一中党支部", "制定学习计划"), (None, "撰写学习笔记"), (None, "参加专题党课"),
                    ("二中党支部", "开展服务承诺")]
    assert {"A3:A5", "B3:B5", "C3:C5", "D3:D5"} <= {str(r) for r in ws.merged_cells.ranges}


@pytest.mark.parametrize(("user", "org", "column"), [
    ("admin", None, True), ("admin", "g", True), ("admin", "b", False), ("sec_a", None, False),
])
def test_only_an_export_over_sub_orgs_has_the_org_column(world, login, ledger, user, org, column):
    ws = sheet(login(getattr(world, user)).get(URL, {"org": getattr(world, org).pk} if org else {}))
    assert ("所属组织" in [c.value for c in ws[2]]) == column


def downloaded_as(response) -> str:
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")  # RFC 5987: the Chinese name survives
    return unquote(disposition.split("''", 1)[1])


def test_the_file_is_named_by_the_org_and_the_campaign(world, login, ledger, campaign):
    today = f"{timezone.localdate():%Y%m%d}"
    assert downloaded_as(login(world.admin).get(URL, {"campaign": campaign.pk})) == \
        f"清风县委_作风专项整治_整改台账_{today}.xlsx"
    assert downloaded_as(login(world.admin).get(URL, {"org": world.b.pk})) == \
        f"二中党支部_全部专项工作_整改台账_{today}.xlsx"
    assert downloaded_as(login(world.sec_a).get(URL, {"campaign": campaign.pk})) == \
        f"一中党支部_作风专项整治_整改台账_{today}.xlsx"
    assert downloaded_as(login(world.alice_user).get(URL)) == f"一中党支部_全部专项工作_整改台账_{today}.xlsx"


def test_characters_refused_in_file_names_are_replaced(world, login, ledger, campaign):
    campaign.title = '2026/作风:整治*"回头看"'
    campaign.save()
    name = downloaded_as(login(world.sec_a).get(URL, {"campaign": campaign.pk}))
    assert name == f"一中党支部_2026_作风_整治_回头看__整改台账_{timezone.localdate():%Y%m%d}.xlsx"


def test_rows_are_as_tall_as_their_wrapped_text_and_merged_text_is_shared_over_its_rows(world, login, campaign):
    long_description = "对照党章党规找差距，" * 30  # 600 units: 20 lines in 问题描述 (32 wide)
    problem = ProblemFactory(campaign=campaign, member=world.alice, description=long_description)
    RectificationFactory(problem=problem, measure="制定学习计划", due_in_days=1)
    RectificationFactory(problem=problem, measure="撰写学习笔记", progress="第一周\n第二周\n第三周", due_in_days=2)
    RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.bob), measure="参加专题党课")
    ws = sheet(login(world.sec_a).get(URL))
    heights = [ws.row_dimensions[n].height for n in (3, 4, 5)]
    assert heights[0] + heights[1] == pytest.approx(text_height(long_description, 32, 10), abs=0.02)
    assert heights[1] - heights[0] == pytest.approx(text_height("待整改\n第一周\n第二周\n第三周", 24, 10)
                                                    - text_height("待整改", 24, 10), abs=0.02)
    assert heights[2] == pytest.approx(text_height("学习不深入", 32, 10), abs=0.02)
    assert ws.row_dimensions[2].height >= 20  # the header row
