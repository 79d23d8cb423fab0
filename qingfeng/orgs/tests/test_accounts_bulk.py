"""批量开通账号: every member of a branch on the roll and without a login gets one, handed over once."""

import io

from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from qingfeng.core.testing import formula_cells
from qingfeng.orgs import accounts
from qingfeng.orgs.models import Account, Member, Role
from qingfeng.orgs.tests.accounts_helpers import credentials_on
from qingfeng.orgs.tests.factories import MemberFactory

User = get_user_model()


def bulk(client, org, **data):
    return client.post(reverse("org_accounts", args=[org.pk]), data)


def test_the_page_lists_who_will_get_an_account_and_under_which_username(world, login):
    left = MemberFactory(org=world.a, name="钱离开", is_active=False)
    page = login(world.sec_a).get(reverse("org_accounts", args=[world.a.pk])).content.decode()
    assert "王强" in page and f"m{world.bob.pk:06d}" in page
    assert "张丽" not in page and left.name not in page  # has an account; off the roll
    assert "1</strong> 名在册党员尚未开通" in page


def test_the_usernames_and_initial_passwords_come_once_as_a_spreadsheet(world, login, audit_log):
    extra = MemberFactory(org=world.a, name="=HYPERLINK(\"http://evil.example\")")
    response = bulk(login(world.sec_a), world.a, format="xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"] and "no-store" in response["Cache-Control"]
    assert formula_cells(response.content) == []
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True) if any(row)]
    assert rows[0][0].startswith("一中党支部登录账号")
    assert rows[1] == ("姓名", "所在支部", "用户名", "初始密码")
    opened = {name: (branch, username, password) for name, branch, username, password in rows[2:4]}
    assert set(opened) == {"王强", extra.name}
    for member in (world.bob, extra):
        member.refresh_from_db()
        branch, username, password = opened[member.name]
        assert (branch, username) == ("一中党支部", member.user.username) == ("一中党支部", f"m{member.pk:06d}")
        assert member.user.check_password(password)
        assert Account.objects.get(user=member.user).must_change_password
        assert Role.objects.filter(user=member.user, org=world.a, kind=Role.Kind.MEMBER).exists()
    assert rows[4][0] == "登录地址：http://testserver/login/" and "首次登录后须修改密码" in rows[5][0]
    assert sorted((c.action, c.about.name) for c in audit_log) == sorted(
        [("account.open", "王强"), ("account.open", extra.name)])


def test_or_as_slips_to_print_and_then_never_again(world, login):
    client = login(world.sec_a)
    page = bulk(client, world.a, format="print")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    [(username, password)] = credentials_on(page)
    assert User.objects.get(username=username).check_password(password)
    assert "打印账号通知单" in page.content.decode()

    again = client.get(reverse("org_accounts", args=[world.a.pk])).content.decode()
    assert "都已开通登录账号" in again and password not in again
    response = bulk(client, world.a, format="print")
    assert response["Location"] == reverse("org_detail", args=[world.a.pk])


def test_a_large_branch_is_opened_a_hundred_at_a_time(world, login, monkeypatch):
    monkeypatch.setattr(accounts, "BULK_MAX", 1)
    MemberFactory(org=world.a, name="陈新")
    client = login(world.sec_a)
    assert "一次最多开通 1 人" in client.get(reverse("org_accounts", args=[world.a.pk])).content.decode()
    page = bulk(client, world.a, format="print")
    assert len(credentials_on(page)) == 1
    assert "还有 1 人未开通" in page.content.decode()
    assert Member.objects.filter(org=world.a, user__isnull=True).count() == 1


def test_those_who_do_not_manage_the_branch_open_nothing(world, login):
    users = User.objects.count()
    for user, status in [(world.sec_b, 404), (world.leader, 403), (world.discipline, 403),
                         (world.alice_user, 404)]:
        assert bulk(login(user), world.a, format="xlsx").status_code == status, user.username
    assert User.objects.count() == users


def test_it_works_branch_by_branch(world, login):
    client = login(world.admin)
    response = bulk(client, world.g, format="xlsx")
    assert response["Location"] == reverse("org_detail", args=[world.g.pk])
    assert "请进入具体的党支部" in client.get(response["Location"]).content.decode()
    assert not Member.objects.filter(user__isnull=False).exclude(pk=world.alice.pk).exists()
