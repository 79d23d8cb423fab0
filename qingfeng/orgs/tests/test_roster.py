import datetime
import io
import os
import time
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from qingfeng.core.testing import formula_cells, xlsx_with_rows
from qingfeng.orgs import roster
from qingfeng.orgs.models import CODE_RE, Member
from qingfeng.orgs.roster import (
    COLUMNS,
    EXAMPLE_BRANCH_CODE,
    EXAMPLE_NAME,
    ImportResult,
    RosterError,
    import_roster,
    template_workbook,
)

HISTORY_REASON = "花名册导入"


def row(**overrides):
    """A valid row for branch A, as the columns of COLUMNS; override by column name."""
    values = {
        "姓名": "赵敏", "性别": "女", "民族": "回族", "出生日期": "1988-04-12",
        "入党日期": "2012-07-01", "党员类别": "正式党员", "职务": "教师", "关键少数": "否",
        "所在支部编码": "A", "党小组编码": "A1", "手机号码": "139 1234-5678",
    }
    values.update(overrides)
    return values


def xlsx(rows, header=COLUMNS, name="roster.xlsx", title_rows=()):
    """An uploaded .xlsx with `header` and `rows` (dicts by column name, or lists)."""
    wb = Workbook()
    ws = wb.active
    for title in title_rows:
        ws.append(title)
    ws.append(list(header))
    for r in rows:
        ws.append([r.get(col) for col in header] if isinstance(r, dict) else list(r))
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def messages_of(excinfo):
    return "\n".join(excinfo.value.messages)


def rejects(world, rows, user=None, into=None):
    """Import `rows`, expect a RosterError, check nothing was written; return its messages."""
    count = Member.objects.count()
    history = Member.history.count()
    with pytest.raises(RosterError) as excinfo:
        import_roster(xlsx(rows), user or world.admin, into or world.c)
    assert Member.objects.count() == count
    assert Member.history.count() == history
    return messages_of(excinfo)


# -- the happy path


def test_it_creates_members_with_every_field(world):
    result = import_roster(xlsx([row()]), world.sec_a, world.a)

    assert result == ImportResult(created=1, updated=0, unchanged=0)
    m = Member.objects.get(name="赵敏")
    assert m.gender == Member.Gender.FEMALE
    assert m.ethnicity == "回族"
    assert m.birth_date == datetime.date(1988, 4, 12)
    assert m.join_date == datetime.date(2012, 7, 1)
    assert m.category == Member.Category.FULL
    assert m.position == "教师"
    assert m.is_leading_cadre is False
    assert m.org == world.a
    assert m.group == world.a1
    assert m.phone == "13912345678"
    assert m.is_active
    created = m.history.get()
    assert created.history_type == "+"
    assert created.history_user == world.sec_a
    assert created.history_change_reason == HISTORY_REASON


def test_it_reads_defaults_and_alternative_spellings(world):
    import_roster(xlsx([row(民族="", 党员类别="预备", 关键少数="是", 党小组编码="", 手机号码="",
                            职务=None)]), world.sec_a, world.a)

    m = Member.objects.get(name="赵敏")
    assert m.ethnicity == "汉族"
    assert m.category == Member.Category.PROBATIONARY
    assert m.is_leading_cadre is True
    assert m.group is None
    assert m.phone == ""
    assert m.position == ""


@pytest.mark.parametrize("text", ["1988-04-12", "1988/4/12", "1988.04.12", "1988年4月12日",
                                  " 1988-04-12 ", "１９８８－０４－１２"])
def test_it_accepts_dates_as_text(world, text):
    import_roster(xlsx([row(出生日期=text)]), world.sec_a, world.a)

    assert Member.objects.get(name="赵敏").birth_date == datetime.date(1988, 4, 12)


def test_it_accepts_excel_date_cells_and_number_cells(world):
    import_roster(xlsx([row(出生日期=datetime.date(1988, 4, 12),
                            入党日期=datetime.datetime(2012, 7, 1, 0, 0),
                            手机号码=13912345678)]), world.sec_a, world.a)

    m = Member.objects.get(name="赵敏")
    assert (m.birth_date, m.join_date) == (datetime.date(1988, 4, 12), datetime.date(2012, 7, 1))
    assert m.phone == "13912345678"


def test_it_maps_headers_in_any_order_and_skips_blank_rows(world):
    header = list(reversed(COLUMNS)) + ["备注"]
    rows = [row(), {}, {"姓名": "  ", "备注": None}, row(姓名="钱进", 出生日期="1991-01-02")]
    result = import_roster(xlsx(rows, header=header), world.sec_a, world.a)

    assert result.created == 2


def test_it_strips_whitespace_in_cells(world):
    import_roster(xlsx([row(姓名=" 赵 敏 ", 性别=" 女", 所在支部编码=" A ")]),
                  world.sec_a, world.a)

    assert Member.objects.filter(name="赵敏", org=world.a).exists()


def test_it_normalises_phone_numbers(world):
    import_roster(xlsx([row(手机号码="+86 139-1234-5678")]), world.sec_a, world.a)

    assert Member.objects.get(name="赵敏").phone == "13912345678"


def test_it_finds_the_header_below_a_title_row(world):
    result = import_roster(xlsx([row()], title_rows=[["一中党支部党员花名册"]]),
                           world.sec_a, world.a)

    assert result.created == 1


def test_it_reads_a_file_object_without_size(world):
    data = xlsx([row()]).read()

    result = import_roster(io.BytesIO(data), world.sec_a, world.a)

    assert result.created == 1


def test_reimporting_the_same_file_changes_nothing(world):
    import_roster(xlsx([row(), row(姓名="钱进", 出生日期="1991-01-02")]), world.sec_a, world.a)
    history = Member.history.count()

    result = import_roster(xlsx([row(), row(姓名="钱进", 出生日期="1991-01-02")]),
                           world.sec_a, world.a)

    assert result == ImportResult(created=0, updated=0, unchanged=2)
    assert Member.objects.filter(name__in=["赵敏", "钱进"]).count() == 2
    assert Member.history.count() == history


def test_reimporting_with_a_changed_phone_updates_and_keeps_history(world):
    import_roster(xlsx([row()]), world.sec_a, world.a)

    result = import_roster(xlsx([row(手机号码="13700001111")]), world.sec_a, world.a)

    assert result == ImportResult(created=0, updated=1, unchanged=0)
    m = Member.objects.get(name="赵敏")
    assert m.phone == "13700001111"
    latest = m.history.order_by("-history_id").first()
    assert latest.history_type == "~"
    assert latest.history_change_reason == HISTORY_REASON
    assert latest.history_user == world.sec_a
    assert latest.prev_record.phone == "13912345678"


def test_it_updates_an_existing_member_of_the_fixture(world):
    result = import_roster(
        xlsx([row(姓名="王强", 性别="男", 出生日期="1990-03-09", 入党日期="2010-07-01",
                  职务="支部书记", 关键少数="是")]),
        world.sec_a, world.a)

    assert result.updated == 1
    world.bob.refresh_from_db()
    assert world.bob.position == "支部书记"
    assert world.bob.is_leading_cadre is True
    assert world.bob.group == world.a1
    assert Member.objects.filter(name="王强").count() == 1


def test_it_keeps_the_values_of_optional_columns_left_out(world):
    header = ["姓名", "性别", "出生日期", "入党日期", "党员类别", "所在支部编码"]
    rows = [{"姓名": "张丽", "性别": "女", "出生日期": "1985-05-01", "入党日期": "2010-07-01",
             "党员类别": "预备党员", "所在支部编码": "A"}]

    result = import_roster(xlsx(rows, header=header), world.sec_a, world.a)

    assert result.updated == 1
    world.alice.refresh_from_db()
    assert world.alice.category == Member.Category.PROBATIONARY
    assert world.alice.phone == "13812345678"
    assert world.alice.group == world.a1
    assert world.alice.user == world.alice_user


def test_it_moves_a_member_within_scope_with_history(world):
    result = import_roster(
        xlsx([row(姓名="张丽", 出生日期="1985-05-01", 入党日期="2010-07-01", 民族="汉族",
                  所在支部编码="B", 党小组编码="", 手机号码="13812345678")]),
        world.admin, world.c)

    assert result.updated == 1
    world.alice.refresh_from_db()
    assert world.alice.org == world.b
    assert world.alice.group is None
    latest = world.alice.history.order_by("-history_id").first()
    assert latest.org_id == world.b.pk
    assert latest.history_change_reason == HISTORY_REASON
    assert latest.prev_record.org_id == world.a.pk


def test_it_makes_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    counts = []
    # sizes within one INSERT on SQLite too (999 parameters: about 40 history rows), so that only the rows differ
    for start, size in ((0, 20), (20, 40)):
        rows = [row(姓名=f"党员{i}", 出生日期=f"1980-{i // 28 + 1:02d}-{i % 28 + 1:02d}")
                for i in range(start, start + size)]
        # about 20 for the import, and a constant few for the kept counts of the orgs it adds to (orgs.tallies)
        secretary = get_user_model().objects.get(pk=world.sec_a.pk)  # each import with the roles not yet read
        with django_assert_max_num_queries(30) as queries:
            import_roster(xlsx(rows), secretary, world.a)
        counts.append(len(queries))

    assert counts[0] == counts[1]  # the same for twice the rows
    assert Member.objects.filter(name__startswith="党员").count() == 60


# -- bad rows: each message names the row and the column; nothing is saved


@pytest.mark.parametrize(("overrides", "expected"), [
    ({"出生日期": "1985-13-01"}, "第 2 行「出生日期」：1985-13-01 不存在：月份只能是 1 至 12"),
    ({"出生日期": "1985-02-30"}, "第 2 行「出生日期」：1985-02-30 不存在：1985年2月只有 28 天"),
    ({"出生日期": "1985年5月"},
     "第 2 行「出生日期」：无法识别的日期「1985年5月」，请使用 1985-05-01 或 1985年5月1日 格式"),
    ({"入党日期": "2999-07-01"}, "第 2 行「入党日期」：日期「2999年7月1日」晚于今天"),
    ({"入党日期": "1980-01-01"}, "第 2 行「入党日期」：入党日期必须晚于出生日期"),
    ({"入党日期": "2005-04-11"}, "第 2 行「入党日期」：入党时未满 18 周岁"),
    ({"出生日期": ""}, "第 2 行「出生日期」：必填"),
    ({"所在支部编码": "NOPE"}, "第 2 行「所在支部编码」：「NOPE」不是本组织范围内的党支部"),
    ({"所在支部编码": "G"}, "第 2 行「所在支部编码」：「G」不是本组织范围内的党支部"),
    ({"所在支部编码": ""}, "第 2 行「所在支部编码」：必填"),
    ({"姓名": ""}, "第 2 行「姓名」：必填"),
    ({"党员类别": "积极分子"}, "第 2 行「党员类别」：「积极分子」无效"),
    ({"性别": "M"}, "第 2 行「性别」：「M」无效"),
    ({"手机号码": "1381234567"}, "第 2 行「手机号码」：「1381234567」不是有效的手机号码"),
    ({"手机号码": "02887654321"}, "第 2 行「手机号码」：「02887654321」不是有效的手机号码"),
    ({"关键少数": "可能"}, "第 2 行「关键少数」：「可能」无效"),
    ({"所在支部编码": "B", "党小组编码": "A1"},
     "第 2 行「党小组编码」：「A1」不是党支部「B」下的党小组"),
    ({"党小组编码": "A"}, "第 2 行「党小组编码」：「A」不是党支部「A」下的党小组"),
])
def test_it_rejects_a_bad_row_naming_row_and_column(world, overrides, expected):
    messages = rejects(world, [row(**overrides)])

    assert expected in messages


def test_it_rejects_a_branch_outside_the_users_scope(world):
    messages = rejects(world, [row(所在支部编码="B", 党小组编码="")], world.sec_a, world.a)

    assert messages == "第 2 行「所在支部编码」：「B」不是本组织范围内的党支部"


def test_it_rejects_a_branch_outside_the_target_org(world):
    messages = rejects(world, [row(所在支部编码="B", 党小组编码="")], world.admin, world.a)

    assert "「B」不是本组织范围内的党支部" in messages


def test_it_rejects_a_duplicate_person_naming_both_rows(world):
    rows = [row(), row(姓名="钱进", 出生日期="1991-01-02"), row(手机号码="")]

    messages = rejects(world, rows)

    assert messages == ("第 4 行「姓名」：重复人员：与第 2 行的姓名和出生日期相同"
                        "（赵敏，1988年4月12日）")


def test_it_refuses_a_person_registered_in_another_org(world):
    rows = [row(姓名="李梅", 出生日期="1979-11-30", 入党日期="2005-07-01")]

    messages = rejects(world, rows, world.sec_a, world.a)

    assert messages == "第 2 行「姓名」：该党员已在其他组织登记，请办理组织关系转接"
    world.carol.refresh_from_db()
    assert world.carol.org == world.b


def test_it_refuses_a_person_registered_twice(world):
    Member.objects.create(org=world.a, name="王强", gender=Member.Gender.MALE,
                          birth_date=datetime.date(1990, 3, 9),
                          join_date=datetime.date(2015, 7, 1))
    rows = [row(姓名="王强", 性别="男", 出生日期="1990-03-09")]

    messages = rejects(world, rows, world.sec_a, world.a)

    assert messages == "第 2 行「姓名」：系统中存在多名同名同生日党员，请手工处理"


def test_it_reports_every_problem_in_row_order_and_saves_nothing(world):
    rows = [row(性别="X", 手机号码="1"), row(姓名="钱进", 出生日期="1991-01-02"),
            row(姓名="孙立", 出生日期="bad")]

    messages = rejects(world, rows)

    assert messages.splitlines() == [
        "第 2 行「性别」：「X」无效，请填写 男 或 女",
        "第 2 行「手机号码」：「1」不是有效的手机号码，应为以 1 开头的 11 位数字",
        "第 4 行「出生日期」：无法识别的日期「bad」，请使用 1985-05-01 或 1985年5月1日 格式",
    ]
    assert not Member.objects.filter(name="钱进").exists()


def test_it_refuses_an_inactive_branch(world):
    world.b.is_active = False
    world.b.save()

    messages = rejects(world, [row(所在支部编码="B", 党小组编码="")])

    assert messages == "第 2 行「所在支部编码」：党支部「B」已停用"


def test_it_caps_the_list_of_messages(world):
    rows = [row(姓名=f"党员{i}", 性别="?") for i in range(250)]

    with pytest.raises(RosterError) as excinfo:
        import_roster(xlsx(rows), world.admin, world.c)

    assert len(excinfo.value.messages) == 201
    assert excinfo.value.messages[-1] == "……另有 50 处错误"


# -- bad files


def test_it_rejects_an_exe_named_xlsx(world):
    upload = SimpleUploadedFile("roster.xlsx", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200)

    with pytest.raises(RosterError) as excinfo:
        import_roster(upload, world.admin, world.c)

    assert "文件不是有效的 Excel（.xlsx）文件" in messages_of(excinfo)


def test_it_rejects_a_csv_named_xlsx(world):
    upload = SimpleUploadedFile("roster.xlsx", "姓名,性别\n赵敏,女\n".encode())

    with pytest.raises(RosterError) as excinfo:
        import_roster(upload, world.admin, world.c)

    assert "文件不是有效的 Excel（.xlsx）文件" in messages_of(excinfo)


def test_it_rejects_a_zip_that_is_not_xlsx(world):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("readme.txt", "not a workbook")

    with pytest.raises(RosterError) as excinfo:
        import_roster(SimpleUploadedFile("roster.xlsx", out.getvalue()), world.admin, world.c)

    assert "文件不是有效的 Excel（.xlsx）文件" in messages_of(excinfo)


def test_it_rejects_a_truncated_xlsx(world):
    data = xlsx([row()]).read()

    with pytest.raises(RosterError) as excinfo:
        import_roster(SimpleUploadedFile("roster.xlsx", data[:len(data) // 2]),
                      world.admin, world.c)

    assert "文件不是有效的 Excel（.xlsx）文件" in messages_of(excinfo)


def test_it_rejects_an_empty_file(world):
    with pytest.raises(RosterError) as excinfo:
        import_roster(SimpleUploadedFile("roster.xlsx", b""), world.admin, world.c)

    assert excinfo.value.messages == ["文件为空"]


def test_it_rejects_a_file_over_the_size_limit(world, settings):
    settings.ROSTER_MAX_BYTES = 2 * 1024 * 1024
    upload = SimpleUploadedFile("roster.xlsx", b"PK\x03\x04" + b"\x00" * (2 * 1024 * 1024))

    with pytest.raises(RosterError) as excinfo:
        import_roster(upload, world.admin, world.c)

    assert excinfo.value.messages == ["文件超过 2 MB 上限"]


def test_it_rejects_missing_header_columns_naming_them(world):
    header = [c for c in COLUMNS if c not in ("性别", "所在支部编码")]

    with pytest.raises(RosterError) as excinfo:
        import_roster(xlsx([row()], header=header), world.admin, world.c)

    assert "表头缺少必填列：「性别」、「所在支部编码」" in messages_of(excinfo)


def test_it_refuses_more_rows_than_the_limit(world, monkeypatch):
    monkeypatch.setattr(roster, "MAX_ROWS", 2)
    rows = [row(姓名=f"党员{i}", 出生日期=f"1980-01-{i + 1:02d}") for i in range(3)]

    with pytest.raises(RosterError) as excinfo:
        import_roster(xlsx(rows), world.admin, world.c)

    assert excinfo.value.messages == ["文件超过 2 行上限，请分批导入"]


def test_it_refuses_at_once_a_small_file_of_millions_of_blank_rows_and_saves_nothing(world):
    upload = SimpleUploadedFile("花名册.xlsx", xlsx_with_rows(COLUMNS, "<row/>" * 5_000_000))
    assert upload.size < 1024 * 1024
    count = Member.objects.count()
    started = time.monotonic()

    with pytest.raises(RosterError) as excinfo:
        import_roster(upload, world.admin, world.c)

    assert time.monotonic() - started < 5
    assert excinfo.value.messages == [
        "文件「花名册.xlsx」的压缩比异常（超过 100 倍），可能不是正常的表格文件，请检查后重新上传"]
    assert Member.objects.count() == count


def test_blank_rows_count_toward_the_rows_read_so_a_far_away_row_stops_the_import_early(world):
    # One row numbered 5,000,000: openpyxl makes up every blank row above it, so this stops by counting.
    far = 5_000_000
    upload = SimpleUploadedFile("roster.xlsx", xlsx_with_rows(
        COLUMNS, f'<row r="{far}"><c r="A{far}" t="inlineStr"><is><t>赵敏</t></is></c></row>'))
    started = time.monotonic()

    with pytest.raises(RosterError) as excinfo:
        import_roster(upload, world.admin, world.c)

    assert time.monotonic() - started < 5
    assert excinfo.value.messages == [f"文件超过 {roster.MAX_ROWS_READ} 行（空行也算在内），请删除多余的空行或分批导入"]


def test_the_rows_read_include_blank_ones(world, monkeypatch):
    monkeypatch.setattr(roster, "MAX_ROWS_READ", 10)
    rows = [row(), *[[None] * len(COLUMNS)] * 8, row(姓名="钱七")]  # rows 2 to 11 of the sheet

    assert rejects(world, rows) == "文件超过 10 行（空行也算在内），请删除多余的空行或分批导入"


def test_a_roster_unpacking_beyond_the_limit_is_refused_before_it_is_read(world, settings):
    settings.OOXML_MAX_UNPACKED_BYTES = 1024 * 1024
    noise = os.urandom(512 * 1024).hex()
    upload = SimpleUploadedFile("roster.xlsx", xlsx_with_rows(
        COLUMNS, f'<row r="2"><c r="A2" t="inlineStr"><is><t>{noise}</t></is></c></row>'))

    with pytest.raises(RosterError) as excinfo:
        import_roster(upload, world.admin, world.c)

    assert excinfo.value.messages == ["文件「roster.xlsx」解压后超过 1 MB，可能不是正常的表格文件，请检查后重新上传"]


def test_it_rejects_a_file_with_only_the_header(world):
    with pytest.raises(RosterError) as excinfo:
        import_roster(xlsx([[None] * len(COLUMNS)]), world.admin, world.c)

    assert excinfo.value.messages == ["没有可导入的数据行"]


# -- who may import


@pytest.mark.parametrize("who", ["leader", "alice_user", "inspector", "discipline"])
def test_it_requires_an_import_role(world, who):
    with pytest.raises(PermissionDenied):
        import_roster(xlsx([row()]), getattr(world, who), world.a)

    assert not Member.objects.filter(name="赵敏").exists()


def test_it_checks_permission_before_reading_the_file(world):
    with pytest.raises(PermissionDenied):
        import_roster(SimpleUploadedFile("roster.xlsx", b""), world.leader, world.c)


def test_a_secretary_cannot_import_into_another_branch(world):
    with pytest.raises(PermissionDenied):
        import_roster(xlsx([row(所在支部编码="B", 党小组编码="")]), world.sec_a, world.b)


def test_a_secretary_cannot_import_into_the_committee(world):
    with pytest.raises(PermissionDenied):
        import_roster(xlsx([row()]), world.sec_a, world.c)


def test_an_org_admin_imports_into_a_branch_below_the_committee(world):
    result = import_roster(xlsx([row(所在支部编码="B", 党小组编码="")]), world.admin, world.b)

    assert result.created == 1
    assert Member.objects.get(name="赵敏").org == world.b


# -- the template


def test_the_template_has_the_headers_example_row_and_instructions():
    wb = load_workbook(io.BytesIO(template_workbook()))

    assert wb.sheetnames == ["花名册", "填写说明"]
    ws = wb["花名册"]
    assert [c.value for c in ws[1]] == COLUMNS
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    example = dict(zip(COLUMNS, [c.value for c in ws[2]], strict=True))
    assert example["姓名"] == EXAMPLE_NAME
    assert example["所在支部编码"] == EXAMPLE_BRANCH_CODE
    help_text = "\n".join(str(v) for r in wb["填写说明"].iter_rows(values_only=True)
                          for v in r if v)
    for column in COLUMNS:
        assert column in help_text
    assert "自动跳过" in help_text


def test_importing_the_untouched_template_imports_nothing(world):
    upload = SimpleUploadedFile("花名册模板.xlsx", template_workbook())

    with pytest.raises(RosterError) as excinfo:
        import_roster(upload, world.admin, world.c)

    assert excinfo.value.messages == ["没有可导入的数据行"]


def test_a_filled_in_template_imports(world):
    wb = load_workbook(io.BytesIO(template_workbook()))
    wb["花名册"].append([row()[c] for c in COLUMNS])
    out = io.BytesIO()
    wb.save(out)

    result = import_roster(SimpleUploadedFile("花名册.xlsx", out.getvalue()),
                           world.sec_a, world.a)

    assert result.created == 1
    assert not Member.objects.filter(name=EXAMPLE_NAME).exists()


def test_the_template_has_no_formula_cell():
    assert formula_cells(template_workbook()) == []


def test_the_templates_example_branch_code_can_never_be_a_real_code():
    assert not CODE_RE.match(EXAMPLE_BRANCH_CODE)


# -- dates as people write them, and days that do not exist


@pytest.mark.parametrize("written", ["1988年4月2日", "1988-04-02", "1988/4/2", "1988.4.2", "１９８８年４月２日"])
def test_it_reads_a_date_in_any_common_form(world, written):
    import_roster(xlsx([row(出生日期=written)]), world.sec_a, world.a)
    assert Member.objects.get(name="赵敏").birth_date == datetime.date(1988, 4, 2)


def test_it_says_a_day_that_does_not_exist_does_not_exist(world):
    messages = rejects(world, [row(入党日期="2016年2月30日"), row(姓名="钱进", 出生日期="1990年2月29日")])
    assert messages.splitlines() == [
        "第 2 行「入党日期」：2016年2月30日 不存在：2016年2月只有 29 天",
        "第 3 行「出生日期」：1990年2月29日 不存在：1990年2月只有 28 天",
    ]


# -- 预备党员 whose year of probation is over: imported, with a warning


def test_a_probationary_member_past_the_year_is_imported_with_a_warning(world):
    today = timezone.localdate()
    long_ago = today.replace(year=today.year - 2, day=1)
    recent = today - datetime.timedelta(days=30)
    result = import_roster(xlsx([
        row(党员类别="预备党员", 入党日期=long_ago.isoformat()),
        row(姓名="钱进", 出生日期="1991-01-02", 党员类别="预备党员", 入党日期=recent.isoformat()),
        row(姓名="孙立", 出生日期="1992-03-04", 入党日期=long_ago.isoformat()),
    ]), world.sec_a, world.a)

    assert result.created == 3
    assert result.warnings == [
        f"第 2 行 赵敏：预备党员，入党日期 {long_ago.year}年{long_ago.month}月1日，预备期已满一年，请及时讨论转正"]
