"""角色 on an org's page: who holds which role there, giving one to an existing account, taking it away."""

from django.urls import reverse

from qingfeng.orgs.models import Role
from qingfeng.orgs.tests.factories import RoleFactory, UserFactory


def add(client, org, username, kind):
    return client.post(reverse("role_add", args=[org.pk]), {"username": username, "kind": kind})


def remove(client, role):
    return client.post(reverse("role_remove", args=[role.pk]))


def test_the_page_lists_the_roles_held_on_this_org(world, login):
    page = login(world.admin).get(reverse("org_roles", args=[world.c.pk])).content.decode()
    for username in ("admin", "leader", "inspector", "discipline"):
        assert username in page
    assert "sec_a" not in page  # held on branch A, not here
    branch = login(world.sec_a).get(reverse("org_roles", args=[world.a.pk])).content.decode()
    assert "sec_a" in branch and "alice" in branch and "张丽" in branch


def test_an_admin_gives_a_role_to_an_existing_account_kept_with_history(world, login, audit_log):
    UserFactory(username="zhao", first_name="赵敏")
    client = login(world.admin)
    response = add(client, world.a, "zhao", Role.Kind.INSPECTOR)
    assert response["Location"] == reverse("org_roles", args=[world.a.pk])
    role = Role.objects.get(user__username="zhao")
    assert (role.org, role.kind) == (world.a, Role.Kind.INSPECTOR)
    record = Role.history.get(id=role.pk)
    assert (record.history_type, record.history_user, record.history_change_reason) == ("+", world.admin, "分配角色")
    assert [(c.action, c.org, c.about.username) for c in audit_log] == [("role.add", world.a, "zhao")]
    assert "zhao 在一中党支部的督查角色" in audit_log[0].detail
    page = client.get(response["Location"]).content.decode()
    assert "已授予zhao 在一中党支部的督查角色" in page and "赵敏" in page


def test_an_unknown_username_is_named_in_the_error_and_nothing_is_saved(world, login):
    roles = Role.objects.count()
    page = add(login(world.admin), world.a, "nobody", Role.Kind.SECRETARY)
    assert page.status_code == 200
    assert "没有用户名为「nobody」的账号" in page.content.decode()
    assert Role.objects.count() == roles


def test_the_same_role_twice_is_refused(world, login):
    page = add(login(world.admin), world.a, "sec_a", Role.Kind.SECRETARY)
    assert "「sec_a」已在一中党支部担任书记" in page.content.decode()
    assert Role.objects.filter(user=world.sec_a).count() == 1


def test_a_secretary_gives_only_the_secretary_and_member_roles_in_their_branch(world, login):
    UserFactory(username="zhao")
    client = login(world.sec_a)
    form = client.get(reverse("role_add", args=[world.a.pk])).content.decode()
    assert "纪检" not in form and "党务管理员" not in form and "书记" in form
    page = add(client, world.a, "zhao", Role.Kind.DISCIPLINE)
    assert page.status_code == 200 and not Role.objects.filter(user__username="zhao").exists()
    add(client, world.a, "zhao", Role.Kind.SECRETARY)
    assert Role.objects.filter(user__username="zhao", org=world.a, kind=Role.Kind.SECRETARY).exists()


def test_those_who_do_not_manage_the_org_give_nothing(world, login):
    UserFactory(username="zhao")
    for user, status in [(world.sec_b, 404), (world.leader, 403), (world.inspector, 403), (world.alice_user, 404)]:
        assert add(login(user), world.a, "zhao", Role.Kind.MEMBER).status_code == status, user.username
    assert not Role.objects.filter(user__username="zhao").exists()


def test_an_admin_takes_a_role_away_and_the_history_keeps_it(world, login, audit_log):
    role = Role.objects.get(user=world.sec_a)
    client = login(world.admin)
    response = remove(client, role)
    assert response["Location"] == reverse("org_roles", args=[world.a.pk])
    assert not Role.objects.filter(pk=role.pk).exists()
    record = Role.history.filter(id=role.pk).first()
    assert (record.history_type, record.history_user, record.history_change_reason) == ("-", world.admin, "撤销角色")
    assert [(c.action, c.about) for c in audit_log] == [("role.remove", world.sec_a)]
    page = client.get(response["Location"]).content.decode()
    assert "已撤销sec_a 在一中党支部的书记角色" in page
    assert "撤销角色" in page  # the history on the page


def test_the_removed_role_no_longer_opens_the_branch(world, login, client):
    remove(login(world.admin), Role.objects.get(user=world.sec_a))
    client.force_login(world.sec_a)
    assert client.get(reverse("org_detail", args=[world.a.pk])).status_code == 404


def test_a_secretary_takes_away_only_what_they_could_give_and_never_their_own(world, login):
    discipline = RoleFactory(user=UserFactory(username="zhao"), org=world.a, kind=Role.Kind.DISCIPLINE)
    client = login(world.sec_a)
    page = client.get(reverse("org_roles", args=[world.a.pk])).content.decode()
    assert page.count("撤销</button>") == 1  # alice's member role: not the discipline role, not sec_a's own
    assert remove(client, discipline).status_code == 403
    own = Role.objects.get(user=world.sec_a)
    response = remove(client, own)
    assert "不能撤销自己的角色" in client.get(response["Location"]).content.decode()
    assert Role.objects.filter(pk__in=[discipline.pk, own.pk]).count() == 2


def test_those_who_do_not_manage_the_role_take_nothing_away(world, login):
    role = Role.objects.get(user=world.sec_a)
    for user, status in [(world.sec_b, 404), (world.leader, 403), (world.alice_user, 404)]:
        assert remove(login(user), role).status_code == status, user.username
    own = Role.objects.get(user=world.alice_user)
    assert remove(login(world.alice_user), own).status_code == 403  # she sees her own role, may not remove it
    assert Role.objects.filter(pk__in=[role.pk, own.pk]).count() == 2
