"""The checklist file formats: YAML and Excel read, checked, stored as versions and written back."""

import io

import openpyxl
import pytest
from django.core.management import call_command

from qingfeng.campaigns import checklist_io
from qingfeng.campaigns.checklist_io import ChecklistError, parse_yaml, save_checklist, to_data
from qingfeng.campaigns.models import Checklist, ChecklistItem
from qingfeng.core.testing import FORMULA_LOOKALIKES, formula_cells

GOOD = """\
code: demo-list
title: 演示清单
version: 3
example: false
description: |
  两行说明
  第二行
categories:
  - code: "1"
    title: 学习方面
    items:
      - code: "1.1"
        text: 学习不深入
        guidance: 对照学习笔记
      - code: 1.10
        text: 学用脱节
  - code: 2
    title: 作风方面
    items:
      - code: "2.1"
        text: |
          多行的
          具体表现
"""


def messages_of(text):
    with pytest.raises(ChecklistError) as raised:
        parse_yaml(text)
    return "\n".join(raised.value.messages)


def xlsx(rows, header=checklist_io.COLUMNS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_it_reads_yaml_keeping_codes_as_written():
    data = parse_yaml(GOOD)
    assert (data.code, data.title, data.version, data.example) == ("demo-list", "演示清单", 3, False)
    assert [c.code for c in data.categories] == ["1", "2"]
    assert [i.code for i in data.categories[0].items] == ["1.1", "1.10"]  # not the number 1.1
    assert data.categories[0].items[0].guidance == "对照学习笔记"
    assert data.categories[1].items[0].text == "多行的\n具体表现"


def test_a_list_round_trips_yaml_to_database_to_yaml(db):
    checklist = save_checklist(parse_yaml(GOOD))
    assert checklist.version == 1  # the library numbers versions; the file's 3 is informational
    assert ChecklistItem.objects.filter(category__checklist=checklist).count() == 3
    exported = checklist_io.dump_yaml(to_data(checklist))
    assert parse_yaml(exported) == parse_yaml(GOOD)
    assert "version: 1" in exported
    assert "|" in exported  # multi-line text stays readable


def test_a_list_round_trips_through_excel(db):
    checklist = save_checklist(parse_yaml(GOOD))
    data = to_data(checklist)
    again = checklist_io.read_xlsx(io.BytesIO(checklist_io.dump_xlsx(data)), data.code, data.title,
                                   data.description)
    assert again == data


def test_item_text_that_looks_like_a_formula_is_exported_as_that_text_and_imports_back():
    data = checklist_io.ChecklistData(code="x", title="X", categories=[checklist_io.CategoryData(
        "1", "=1+1", [checklist_io.ItemData(f"1.{n}", text, guidance=text)
                      for n, text in enumerate(FORMULA_LOOKALIKES, start=1)])])
    content = checklist_io.dump_xlsx(data)
    assert formula_cells(content) == []
    sheet = openpyxl.load_workbook(io.BytesIO(content))[checklist_io.SHEET_TITLE]
    cells = [sheet.cell(row=n, column=4) for n in range(2, 2 + len(FORMULA_LOOKALIKES))]
    # Excel shows each as typed; its formula bar shows it after a '
    assert [(c.value, c.data_type, c.quotePrefix) for c in cells] == [(t, "s", True) for t in FORMULA_LOOKALIKES]
    again = checklist_io.read_xlsx(io.BytesIO(content), "x", "X")
    assert again.categories[0].title == "=1+1"
    # Cells are read trimmed, so the tab and the carriage return in front do not come back.
    assert [i.text for i in again.categories[0].items] == [t.strip() for t in FORMULA_LOOKALIKES]


def test_the_excel_template_has_no_formula_cell():
    assert formula_cells(checklist_io.template_workbook()) == []


def test_excel_rows_may_leave_the_category_blank_below_its_first_row():
    data = checklist_io.read_xlsx(xlsx([
        ["1", "学习方面", "1.1", "学习不深入", "看笔记"],
        [None, None, "1.2", "学用脱节", None],
        [2, "作风方面", 2.1, "形式主义", None],
        [],
        ["1", "学习方面", "1.3", "不常学", None],
    ]), "x", "X")
    assert [(c.code, [i.code for i in c.items]) for c in data.categories] == [
        ("1", ["1.1", "1.2", "1.3"]), ("2", ["2.1"])]
    assert data.categories[0].items[0].guidance == "看笔记"


@pytest.mark.parametrize(("rows", "expected"), [
    ([["1", "学习方面", "1.1", "", None]], "第 2 行：「具体表现」为空"),
    ([["1", "学习方面", "", "x", None]], "第 2 行：「条目编码」为空"),
    ([["1", "学习方面", "1.1", "x", None], ["2", "作风方面", "1.1", "y", None]],
     "第 3 行：条目编码「1.1」与第 2 行重复"),
    ([["1", "学习方面", "1.1", "x", None], ["1", "作风方面", "1.2", "y", None]],
     "第 3 行：类别编码「1」的问题类别「作风方面」"),
    ([[None, "学习方面", "1.1", "x", None]], "第 2 行：「类别编码」为空"),
    ([["1", None, "1.1", "x", None]], "第 2 行：类别「1」的「问题类别」为空"),
    ([], "表中没有条目"),
])
def test_excel_problems_name_the_row(rows, expected):
    with pytest.raises(ChecklistError) as raised:
        checklist_io.read_xlsx(xlsx(rows), "x", "X")
    assert expected in "\n".join(raised.value.messages)


def test_an_excel_sheet_without_the_columns_is_refused():
    with pytest.raises(ChecklistError) as raised:
        checklist_io.read_xlsx(xlsx([["1", "a"]], header=["类别编码", "问题类别", "具体表现"]), "x", "X")
    assert raised.value.messages == ["表头缺少列：条目编码"]


@pytest.mark.parametrize(("text", "expected"), [
    ("code: [unclosed", "YAML 格式错误（第 1 行"),
    ("- just a list", "文件内容应为一个映射"),
    ("title: 无编码\ncategories:\n  - {code: '1', title: a, items: [{code: '1.1', text: x}]}",
     "清单缺少「code」（清单编码）"),
    ("code: x\ncategories:\n  - {code: '1', title: a, items: [{code: '1.1', text: x}]}",
     "清单缺少「title」（清单名称）"),
    ("code: 不是slug\ntitle: t\ncategories:\n  - {code: '1', title: a, items: [{code: '1.1', text: x}]}",
     "只能包含字母、数字、下划线和连字符"),
    ("code: x\ntitle: t\n", "清单缺少「categories」"),
    ("code: x\ntitle: t\ncategories:\n  - {code: '1', title: 空类别, items: []}",
     "第 1 个类别（编码「1」）没有条目"),
    ("code: x\ntitle: t\ncategories:\n  - {code: '1', title: a, items: [{code: '1.1', text: x}]}\n"
     "  - {code: '1', title: b, items: [{code: '2.1', text: y}]}", "第 2 个类别的编码「1」与第 1 个类别重复"),
    ("code: x\ntitle: t\ncategories:\n  - {code: '1', title: a, items: [{code: '1.1', text: x}]}\n"
     "  - {code: '2', title: b, items: [{code: '1.1', text: y}]}",
     "类别「b」中的条目编码「1.1」与类别「a」中的条目重复"),
    ("code: x\ntitle: t\ncategories:\n  - {code: '1', title: a, items: [{code: '1.1'}]}",
     "第 1 个类别（编码「1」）的条目「1.1」缺少「text」（具体表现）"),
    ("code: x\ntitle: t\ncategories:\n  - {code: '1', title: a, items: [{code: '1.1', text: x, guidence: y}]}",
     "无法识别的键：guidence"),
    ("code: x\ntitle: t\nexample: 是\ncategories:\n  - {code: '1', title: a, items: [{code: '1.1', text: x}]}",
     "「example」（示例）只能是 true 或 false"),
    ("code: x\ntitle: t\nversion: two\ncategories:\n  - {code: '1', title: a, items: [{code: '1.1', text: x}]}",
     "「version」（版本）应为正整数"),
    ("code: x\ntitle: &t t\ndescription: *t\ncategories:\n  - {code: '1', title: a, items: [{code: '1.1', text: x}]}",
     "不支持 YAML 别名"),
])
def test_yaml_problems_name_the_place(text, expected):
    assert expected in messages_of(text)


def test_every_problem_is_listed_at_once():
    text = ("code: x\ncategories:\n  - {code: '1', title: a, items: []}\n"
            "  - {code: '2', items: [{code: '2.1'}]}")
    found = messages_of(text)
    assert "清单缺少「title」" in found
    assert "第 1 个类别（编码「1」）没有条目" in found
    assert "第 2 个类别（编码「2」）缺少「title」" in found
    assert "条目「2.1」缺少「text」" in found


def test_text_that_is_not_utf8_is_refused():
    assert "不是 UTF-8 编码" in messages_of("code: x".encode("gbk") + b"\n\xb2\xe2\xca\xd4: \xff\xfe")


def test_importing_the_same_code_again_makes_the_next_version_and_leaves_the_old_one(db):
    first = save_checklist(parse_yaml(GOOD))
    before = to_data(first)
    changed = parse_yaml(GOOD.replace("学习不深入", "学习不够深入"))
    second = save_checklist(changed)
    assert (first.version, second.version) == (1, 2)
    assert to_data(Checklist.objects.get(pk=first.pk)) == before
    assert to_data(second).categories[0].items[0].text == "学习不够深入"


def test_the_shipped_examples_load_once_and_are_marked_as_examples(db):
    call_command("load_checklists", verbosity=0)
    call_command("load_checklists", verbosity=0)  # idempotent
    shipped = Checklist.objects.order_by("code")
    assert [(c.code, c.version) for c in shipped] == [("four-dimensions-example", 1), ("zuofeng-example", 1)]
    for checklist in shipped:
        assert checklist.is_example
        assert "示例（非正式文件）" in checklist.description
        assert "示例" in checklist.title and "非正式文件" in checklist.title
    zuofeng = to_data(shipped.get(code="zuofeng-example"))
    assert 5 <= len(zuofeng.categories) <= 6
    assert all(3 <= len(c.items) <= 5 for c in zuofeng.categories)
    four = to_data(shipped.get(code="four-dimensions-example"))
    assert [c.title for c in four.categories] == ["政治素质", "担当作为", "工作本领", "工作作风"]
    assert all(2 <= len(c.items) <= 3 for c in four.categories)


def test_a_changed_shipped_example_becomes_a_new_version(db):
    call_command("load_checklists", verbosity=0)
    item = ChecklistItem.objects.filter(category__checklist__code="zuofeng-example").first()
    ChecklistItem.objects.filter(pk=item.pk).update(text="被改过的条目")  # as if the file had changed since
    out = io.StringIO()
    call_command("load_checklists", stdout=out)
    assert Checklist.objects.filter(code="zuofeng-example").count() == 2
    assert Checklist.objects.filter(code="four-dimensions-example").count() == 1
    assert "已载入：作风问题清单" in out.getvalue()
    assert "已存在：四个维度" in out.getvalue()


def test_the_documented_example_is_a_valid_list():
    doc = (checklist_io.SHIPPED_DIR.parents[2] / "docs" / "checklist-format.md").read_text()
    example = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    data = parse_yaml(example)
    assert data.categories and all(c.items for c in data.categories)
