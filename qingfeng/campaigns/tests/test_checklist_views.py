import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from qingfeng.campaigns import checklist_io
from qingfeng.campaigns.models import Campaign, Checklist
from qingfeng.campaigns.tests.factories import ChecklistFactory


@pytest.fixture
def shipped(db):
    call_command("load_checklists", verbosity=0)
    return Checklist.objects.get(code="zuofeng-example")


def test_any_logged_in_user_sees_the_library_with_the_latest_versions(world, shipped, login):
    checklist_io.save_checklist(checklist_io.to_data(shipped))  # version 2
    body = login(world.alice_user).get(reverse("checklist_list")).content.decode()
    assert "作风问题清单（示例，非正式文件）" in body
    assert "第 2 版" in body and "共 2 版" in body
    assert "示例（非正式文件）" in body
    assert "导入清单" not in body


def test_the_library_offers_import_to_an_org_admin_only(world, shipped, login):
    assert 'id="checklist-import"' in login(world.admin).get(reverse("checklist_list")).content.decode()
    assert 'id="checklist-import"' not in login(world.sec_a).get(reverse("checklist_list")).content.decode()


def test_the_detail_shows_categories_items_versions_and_the_example_label(world, shipped, login):
    body = login(world.sec_b).get(reverse("checklist_detail", args=[shipped.pk])).content.decode()
    assert "形式主义方面" in body and "奢靡之风方面" in body
    assert "对照提示：" in body
    assert "第 1 版（当前查看）" in body
    assert "本清单由清风项目编写，仅供演示" in body


def test_the_detail_lists_only_campaigns_the_user_may_see(world, login):
    checklist = ChecklistFactory()
    Campaign.objects.create(org=world.b, title="二中专项", checklist=checklist, created_by=world.admin, status="active")
    url = reverse("checklist_detail", args=[checklist.pk])
    assert "二中专项" in login(world.sec_b).get(url).content.decode()
    assert "二中专项" not in login(world.sec_a).get(url).content.decode()


def test_a_missing_checklist_is_404(world, login):
    assert login(world.admin).get(reverse("checklist_detail", args=[999])).status_code == 404


def test_a_checklist_exports_as_yaml_that_imports_back(world, shipped, login):
    page = login(world.leader).get(reverse("checklist_export", args=[shipped.pk]))
    assert page["Content-Disposition"] == 'attachment; filename="zuofeng-example-v1.yaml"'
    assert checklist_io.parse_yaml(page.content) == checklist_io.to_data(shipped)


def test_a_checklist_exports_as_excel(world, shipped, login):
    page = login(world.leader).get(reverse("checklist_export", args=[shipped.pk]) + "?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(page.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == checklist_io.COLUMNS
    assert len(rows) == 1 + 21
    assert rows[1][:3] == ("1", "形式主义方面", "1.1")


def test_the_excel_template_has_the_columns_and_imports_nothing_untouched(world, login):
    page = login(world.alice_user).get(reverse("checklist_template"))
    assert page["Content-Type"] == checklist_io.XLSX_MIME
    book = openpyxl.load_workbook(io.BytesIO(page.content))
    assert [c.value for c in book["问题清单"][1]] == checklist_io.COLUMNS
    assert "填写说明" in book.sheetnames
    with pytest.raises(checklist_io.ChecklistError):
        checklist_io.read_xlsx(io.BytesIO(page.content), "x", "X")


@pytest.mark.parametrize("name", ["checklist_list", "checklist_template"])
def test_the_library_requires_login(db, client, name):
    assert client.get(reverse(name)).status_code == 302


def test_detail_and_export_require_login(shipped, client):
    assert client.get(reverse("checklist_detail", args=[shipped.pk])).status_code == 302
    assert client.get(reverse("checklist_export", args=[shipped.pk])).status_code == 302


def test_the_library_marks_a_list_in_use_only_by_a_campaign_the_user_may_see(world, login):
    checklist = ChecklistFactory()
    Campaign.objects.create(org=world.b, title="二中专项", checklist=checklist, created_by=world.admin, status="active")
    assert "已用于专项工作" in login(world.sec_b).get(reverse("checklist_list")).content.decode()
    assert "已用于专项工作" not in login(world.sec_a).get(reverse("checklist_list")).content.decode()
