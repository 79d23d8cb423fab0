import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qingfeng.orgs.models import Member
from qingfeng.orgs.roster import COLUMNS

ROW = {"姓名": "周新", "性别": "男", "民族": "汉族", "出生日期": "1990-02-03", "入党日期": "2015-07-01",
       "党员类别": "正式党员", "职务": "教师", "关键少数": "否", "所在支部编码": "A", "党小组编码": "A1",
       "手机号码": "13900002222"}


def upload(*rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([row.get(column, "") for column in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("roster.xlsx", buffer.getvalue())


def url(org):
    return reverse("roster_import", args=[org.pk])


def test_a_secretary_imports_into_their_branch(world, login):
    page = login(world.sec_a).post(url(world.a), {"file": upload(ROW)})
    assert page.status_code == 302
    assert Member.objects.get(name="周新").group == world.a1


def test_bad_rows_are_listed_and_nothing_is_saved(world, login):
    bad = {**ROW, "姓名": "吴错", "出生日期": "1990-13-45"}
    page = login(world.sec_a).post(url(world.a), {"file": upload(ROW, bad)})
    body = page.content.decode()
    assert page.status_code == 200
    assert "第 3 行" in body and "出生日期" in body
    assert not Member.objects.filter(name__in=["周新", "吴错"]).exists()


def test_a_missing_file_is_named(world, login):
    assert "请选择要导入的" in login(world.sec_a).post(url(world.a), {}).content.decode()


def test_a_disguised_file_is_refused(world, login):
    fake = SimpleUploadedFile("roster.xlsx", b"MZ\x90\x00" + b"\x00" * 100)
    body = login(world.sec_a).post(url(world.a), {"file": fake}).content.decode()
    assert "不是有效的 Excel" in body


def test_refused_users(world, login):
    assert login(world.sec_b).post(url(world.a), {"file": upload(ROW)}).status_code == 404
    assert login(world.leader).post(url(world.a), {"file": upload(ROW)}).status_code == 403
    assert login(world.alice_user).post(url(world.a), {"file": upload(ROW)}).status_code == 404
    assert not Member.objects.filter(name="周新").exists()


def test_the_template_downloads(world, login):
    page = login(world.sec_a).get(reverse("roster_template"))
    assert page["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(page.content)).active
    assert [cell.value for cell in sheet[1]][: len(COLUMNS)] == COLUMNS


def test_the_template_requires_login(db, client):
    assert client.get(reverse("roster_template")).status_code == 302


def test_a_probationary_member_past_the_year_is_named_after_the_import(world, login):
    client = login(world.sec_a)
    page = client.post(url(world.a), {"file": upload({**ROW, "党员类别": "预备党员"})}, follow=True)
    body = page.content.decode()
    assert "导入完成：新增 1 人" in body
    assert "第 2 行 周新：预备党员，入党日期 2015年7月1日，预备期已满一年，请及时讨论转正" in body
    assert "有 1 名预备党员预备期已满一年" in body  # and the branch page keeps saying so
