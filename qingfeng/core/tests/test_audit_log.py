"""审计日志: org admins read the entries of their subtrees, newest first, filtered, and as .xlsx."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from qingfeng.core import audit
from qingfeng.core.models import AuditEntry
from qingfeng.core.permissions import can, visible_to
from qingfeng.core.tests.factories import UserFactory

URL = reverse("audit_log")
EXPORT = reverse("audit_log_export")


@pytest.fixture
def log(world, campaign):
    """An export in each branch, a sign-in of each secretary, a failure under a name nobody has."""
    for secretary, branch in ((world.sec_a, world.a), (world.sec_b, world.b)):
        audit.record("export.ledger", user=secretary, org=branch, about=campaign, detail=f"{branch.name}的台账")
        audit.record("login.success", user=secretary)
    audit.record("login.failure", username="ghost")
    return AuditEntry.objects.all()


def rows(response) -> list[tuple[str, str]]:
    """(操作, 用户名) of each entry in the page's table."""
    body = response.content.decode().split('id="audit-log"', 1)[1].split("<tbody", 1)[1].split("</tbody>", 1)[0]
    found = []
    for row in body.split("<tr")[1:]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        if len(cells) > 1:  # not the "none" row
            found.append((cells[1].strip(), cells[2].strip()))
    return found


def test_the_committees_admin_reads_both_branches_and_the_unknown_names(world, login, log):
    page = login(world.admin).get(URL)
    assert page.status_code == 200
    assert set(rows(page)) == {("导出整改台账", "sec_a"), ("导出整改台账", "sec_b"), ("登录", "sec_a"),
                               ("登录", "sec_b"), ("登录失败", "ghost"), ("登录", "admin")}
    assert "一中党支部的台账" in page.content.decode() and "二中党支部" in page.content.decode()


def test_an_admin_of_one_branch_reads_that_branch_only(world, login, log):
    admin_a = UserFactory(username="admin_a")
    world.a.roles.create(user=admin_a, kind="org_admin")
    assert set(rows(login(admin_a).get(URL))) == {("导出整改台账", "sec_a"), ("登录", "sec_a"), ("登录", "admin_a")}


@pytest.mark.parametrize("role", ["sec_a", "leader", "inspector", "discipline", "alice_user"])
def test_who_is_no_org_admin_is_refused(world, login, log, role):
    client = login(getattr(world, role))
    assert client.get(URL).status_code == 403
    assert client.get(EXPORT).status_code == 403


@pytest.mark.parametrize("role", ["sec_a", "leader", "inspector", "discipline", "alice_user"])
def test_reading_the_log_takes_the_audit_right_even_when_asked_as_view(world, log, role):
    user = getattr(world, role)
    assert not visible_to(user, AuditEntry).exists()
    assert not any(can(user, "view", entry) for entry in log)
    assert visible_to(world.admin, AuditEntry).count() == log.count()


def test_newest_first(world, login, log):
    AuditEntry.objects.filter(username="ghost").update(when=timezone.now() + datetime.timedelta(minutes=5))
    assert rows(login(world.admin).get(URL))[0] == ("登录失败", "ghost")


def test_it_filters_by_action_user_and_dates(world, login, log):
    client = login(world.admin)
    exports = {("导出整改台账", "sec_a"), ("导出整改台账", "sec_b")}
    assert set(rows(client.get(URL, {"action": "export.ledger"}))) == exports
    assert set(rows(client.get(URL, {"username": "sec_b"}))) == {("导出整改台账", "sec_b"), ("登录", "sec_b")}
    AuditEntry.objects.filter(username="ghost").update(when=timezone.now() - datetime.timedelta(days=3))
    three_days_ago = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    assert rows(client.get(URL, {"since": three_days_ago, "until": three_days_ago})) == [("登录失败", "ghost")]
    assert ("登录失败", "ghost") not in rows(client.get(URL, {"since": timezone.localdate().isoformat()}))


def test_a_bad_filter_says_so_and_lists_nothing(world, login, log):
    page = login(world.admin).get(URL, {"since": "昨天"})
    assert "输入一个有效的日期" in page.content.decode() and rows(page) == []


def test_the_first_and_last_years_a_date_field_takes_do_not_fail(world, login, log):
    client = login(world.admin)
    assert len(rows(client.get(URL, {"since": "0001-01-01", "until": "9999-12-31"}))) == 5 + 1  # + admin's sign-in


def test_the_export_holds_the_filtered_entries_and_is_itself_recorded(world, login, log):
    response = login(world.admin).get(EXPORT, {"action": "export.ledger"}, REMOTE_ADDR="10.0.0.9")
    sheet = load_workbook(io.BytesIO(response.content)).active
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0] == ("时间", "操作", "用户名", "地址", "组织", "对象", "详情")
    assert {(line[1], line[2], line[4]) for line in lines[1:]} == {("导出整改台账", "sec_a", "一中党支部"),
                                                                  ("导出整改台账", "sec_b", "二中党支部")}
    [entry] = AuditEntry.objects.filter(action="export.audit_log")
    assert (entry.user, entry.address, entry.detail) == (world.admin, "10.0.0.9", "2 条审计记录")


def test_an_export_over_the_limit_is_refused_with_a_message(world, login, log, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 2
    client = login(world.admin)
    response = client.get(EXPORT)
    assert response.status_code == 302 and response["Location"] == URL + "?"
    assert "超过 2 条" in client.get(response["Location"]).content.decode()
    assert not AuditEntry.objects.filter(action="export.audit_log").exists()


def test_the_navbar_links_to_it_for_org_admins_only(world, login):
    home = reverse("notification_list")
    assert f'href="{URL}"' in login(world.admin).get(home).content.decode()
    assert f'href="{URL}"' not in login(world.sec_a).get(home).content.decode()


def test_the_exported_time_is_a_date_cell_in_beijing_time(world, login, log):
    response = login(world.admin).get(EXPORT, {"action": "login.failure"})
    cell = load_workbook(io.BytesIO(response.content)).active["A2"]
    when = timezone.localtime(AuditEntry.objects.get(action="login.failure").when).replace(tzinfo=None)
    assert abs(cell.value - when) < datetime.timedelta(seconds=1)
    assert cell.number_format == 'yyyy"年"m"月"d"日" hh:mm'
