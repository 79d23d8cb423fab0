import io
import time

import docx
import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qingfeng.campaigns.checklist_io import COLUMNS, MAX_ROWS_READ
from qingfeng.campaigns.models import Checklist, ChecklistCategory
from qingfeng.core.testing import xlsx_with_rows

URL = reverse("checklist_import")
YAML = """\
code: my-list
title: 我的清单
categories:
  - code: "1"
    title: 学习方面
    items:
      - {code: "1.1", text: 学习不深入}
      - {code: "1.2", text: 学用脱节}
"""


def yaml_file(text=YAML, name="list.yaml"):
    return SimpleUploadedFile(name, text.encode())


def xlsx_file(*rows, name="list.xlsx"):
    book = openpyxl.Workbook()
    book.active.append(COLUMNS)
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def test_an_org_admin_imports_a_yaml_list(world, login):
    page = login(world.admin).post(URL, {"file": yaml_file()})
    checklist = Checklist.objects.get(code="my-list")
    assert page.status_code == 302 and page["Location"] == reverse("checklist_detail", args=[checklist.pk])
    assert (checklist.version, checklist.title, checklist.is_example) == (1, "我的清单", False)
    assert [i.code for i in checklist.categories.get().items.all()] == ["1.1", "1.2"]


def test_importing_the_same_code_twice_makes_version_two_and_keeps_version_one(world, login):
    client = login(world.admin)
    client.post(URL, {"file": yaml_file()})
    client.post(URL, {"file": yaml_file(YAML.replace("学用脱节", "学用不结合"))})
    v1, v2 = Checklist.objects.filter(code="my-list").order_by("version")
    assert (v1.version, v2.version) == (1, 2)
    assert list(ChecklistCategory.objects.get(checklist=v1).items.values_list("text", flat=True)) == [
        "学习不深入", "学用脱节"]
    assert "学用不结合" in client.get(reverse("checklist_detail", args=[v2.pk])).content.decode()


def test_an_org_admin_imports_an_excel_list_with_the_code_typed_on_the_page(world, login):
    page = login(world.admin).post(URL, {
        "file": xlsx_file(["1", "学习方面", "1.1", "学习不深入", "看笔记"], ["", "", "1.2", "学用脱节", ""]),
        "code": "excel-list", "title": "表格清单", "description": "说明"})
    assert page.status_code == 302
    checklist = Checklist.objects.get(code="excel-list")
    item = checklist.categories.get().items.first()
    assert (checklist.title, checklist.description, item.guidance) == ("表格清单", "说明", "看笔记")


def test_an_excel_list_needs_a_code_and_title(world, login):
    body = login(world.admin).post(URL, {"file": xlsx_file(["1", "a", "1.1", "x", ""])}).content.decode()
    assert "导入 Excel 文件时请填写清单编码和清单名称" in body
    assert not Checklist.objects.exists()


def test_a_bad_yaml_list_is_explained_and_nothing_is_saved(world, login):
    bad = YAML.replace('{code: "1.2", text: 学用脱节}', '{code: "1.1"}')
    page = login(world.admin).post(URL, {"file": yaml_file(bad)})
    body = page.content.decode()
    assert page.status_code == 200
    assert "未导入" in body
    assert "条目「1.1」缺少「text」（具体表现）" in body
    assert not Checklist.objects.exists()


def test_broken_yaml_is_explained(world, login):
    body = login(world.admin).post(URL, {"file": yaml_file("code: [x")}).content.decode()
    assert "YAML 格式错误" in body


def test_a_bad_excel_row_is_named_and_nothing_is_saved(world, login):
    page = login(world.admin).post(URL, {
        "file": xlsx_file(["1", "学习方面", "1.1", "x", ""], ["1", "学习方面", "1.2", "", ""]),
        "code": "excel-list", "title": "表格清单"})
    assert "第 3 行：「具体表现」为空" in page.content.decode()
    assert not Checklist.objects.exists()


def test_a_disguised_file_is_refused(world, login):
    fake = SimpleUploadedFile("list.xlsx", b"MZ\x90\x00" + b"\x00" * 200)
    body = login(world.admin).post(URL, {"file": fake, "code": "x", "title": "x"}).content.decode()
    assert "的内容不是 Excel（.xlsx）文件" in body
    assert not Checklist.objects.exists()


def test_a_small_file_of_millions_of_blank_rows_is_refused_at_once_and_nothing_is_saved(world, login):
    bomb = SimpleUploadedFile("list.xlsx", xlsx_with_rows(COLUMNS, "<row/>" * 5_000_000))
    started = time.monotonic()
    body = login(world.admin).post(URL, {"file": bomb, "code": "x", "title": "x"}).content.decode()
    assert time.monotonic() - started < 5
    assert "文件「list.xlsx」的压缩比异常（超过 100 倍），可能不是正常的表格文件，请检查后重新上传" in body
    assert not Checklist.objects.exists()


def test_blank_rows_count_toward_the_rows_read(world, login):
    # One row numbered 5,000,000: openpyxl makes up every blank row above it, so this stops by counting.
    far = 5_000_000
    sheet = SimpleUploadedFile("list.xlsx", xlsx_with_rows(
        COLUMNS, f'<row r="{far}"><c r="A{far}" t="inlineStr"><is><t>1</t></is></c></row>'))
    started = time.monotonic()
    body = login(world.admin).post(URL, {"file": sheet, "code": "x", "title": "x"}).content.decode()
    assert time.monotonic() - started < 5
    assert f"表格超过 {MAX_ROWS_READ} 行（空行也算在内），请删除多余的空行" in body
    assert not Checklist.objects.exists()


def test_a_word_file_named_xlsx_is_refused(world, login):
    document = docx.Document()
    out = io.BytesIO()
    document.save(out)
    body = login(world.admin).post(URL, {"file": SimpleUploadedFile("list.xlsx", out.getvalue()),
                                         "code": "x", "title": "x"}).content.decode()
    assert "的内容不是 Excel（.xlsx）文件" in body


def test_another_kind_of_file_is_refused(world, login):
    body = login(world.admin).post(URL, {"file": yaml_file(name="list.csv")}).content.decode()
    assert "不是 YAML（.yaml、.yml）或 Excel（.xlsx）文件" in body


def test_a_missing_file_is_named(world, login):
    body = login(world.admin).post(URL, {}).content.decode()
    assert "清单文件：" in body


def test_only_an_org_admin_may_import(world, login):
    for user in (world.sec_a, world.leader, world.inspector, world.discipline, world.alice_user):
        client = login(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"file": yaml_file()}).status_code == 403
    assert not Checklist.objects.exists()


def test_the_import_page_requires_login(db, client):
    assert client.get(URL).status_code == 302
