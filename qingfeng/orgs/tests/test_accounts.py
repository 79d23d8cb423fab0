"""登录账号 on the member page: 开通账号, 重置密码, 停用/启用, 解除锁定, and what follows a member's own changes."""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse

from qingfeng.orgs import accounts
from qingfeng.orgs.models import Account, Role
from qingfeng.orgs.tests.accounts_helpers import act, client_for, credentials_on, lock_out, sign_in
from qingfeng.orgs.tests.factories import PASSWORD, MemberFactory, RoleFactory

User = get_user_model()


def test_a_secretary_opens_an_account_and_sees_its_password_once(world, login, audit_log):
    client = login(world.sec_a)
    page = act(client, world.bob, "open")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    [(username, password)] = credentials_on(page)
    assert username == f"m{world.bob.pk:06d}"

    world.bob.refresh_from_db()
    user = world.bob.user
    assert (user.username, user.first_name, user.is_active) == (username, "王强", True)
    assert user.check_password(password) and password not in user.password
    assert Account.objects.get(user=user).must_change_password
    assert Role.objects.filter(user=user).values_list("org", "kind").get() == (world.a.pk, Role.Kind.MEMBER)
    assert world.bob.history.first().history_change_reason == "开通登录账号"
    assert [(c.action, c.org, c.about) for c in audit_log] == [("account.open", world.a, world.bob)]
    assert password not in audit_log[0].detail

    # shown once: not on the member page, not in a message, not in the session
    again = client.get(reverse("member_detail", args=[world.bob.pk])).content.decode()
    assert username in again and password not in again
    assert password not in str(dict(client.session))


def test_the_new_account_signs_in_once_and_must_choose_its_own_password_first(world, client):
    [(username, password)] = credentials_on(act(client_for(world.sec_a), world.bob, "open"))
    assert sign_in(client, username, password).status_code == 302
    for page in ("home", "org_tree", "notification_list"):
        assert client.get(reverse(page))["Location"] == reverse("password_change")
    form = client.get(reverse("password_change")).content.decode()
    assert "请先设置只有您自己知道的新密码" in form

    changed = client.post(reverse("password_change"), {
        "old_password": password, "new_password1": "Qingfeng-2026-bob", "new_password2": "Qingfeng-2026-bob"})
    assert changed["Location"] == reverse("home")
    assert client.get(reverse("org_tree")).status_code == 200  # free to go on, still signed in
    assert not Account.objects.get(user__username=username).must_change_password

    assert sign_in(client, username, password).status_code == 200  # the initial password is gone
    assert sign_in(client, username, "Qingfeng-2026-bob").status_code == 302
    assert client.get(reverse("org_tree")).status_code == 200


def test_the_username_rule_adds_a_suffix_when_an_account_made_by_hand_holds_it(world, login):
    User.objects.create(username=f"m{world.bob.pk:06d}")
    [(username, _)] = credentials_on(act(login(world.sec_a), world.bob, "open"))
    assert username == f"m{world.bob.pk:06d}-2"


def test_a_member_with_an_account_or_off_the_roll_gets_none(world, login):
    client = login(world.sec_a)
    users = User.objects.count()
    page = act(client, world.alice, "open")
    assert page["Location"] == reverse("member_detail", args=[world.alice.pk])
    assert "已开通登录账号" in client.get(page["Location"]).content.decode()
    world.bob.is_active = False
    world.bob.save()
    act(client, world.bob, "open")
    assert User.objects.count() == users


def test_those_who_do_not_manage_the_member_open_nothing(world, login, client):
    users = User.objects.count()
    for user, status in [(world.sec_b, 404), (world.leader, 403), (world.inspector, 403), (world.discipline, 403),
                         (world.alice_user, 404)]:
        assert act(login(user), world.bob, "open").status_code == status, user.username
    client.logout()
    assert act(client, world.bob, "open")["Location"].startswith(reverse("login"))
    assert User.objects.count() == users


def test_those_who_do_not_manage_the_member_reset_disable_or_unlock_nothing(world, login):
    for action in ("reset", "disable", "enable", "unlock"):
        for user, status in [(world.sec_b, 404), (world.leader, 403), (world.discipline, 403),
                             (world.alice_user, 403)]:  # her own record: she sees it, may not manage it
            assert act(login(user), world.alice, action).status_code == status, (action, user.username)
    world.alice_user.refresh_from_db()
    assert world.alice_user.is_active and world.alice_user.check_password(PASSWORD)


def test_the_member_page_offers_each_manager_what_they_may_do(world, login):
    bob_page = reverse("member_detail", args=[world.bob.pk])
    assert "开通账号" in login(world.sec_a).get(bob_page).content.decode()
    assert f"m{world.bob.pk:06d}" in login(world.admin).get(bob_page).content.decode()
    assert "开通账号" not in login(world.leader).get(bob_page).content.decode()
    alice_page = login(world.sec_a).get(reverse("member_detail", args=[world.alice.pk])).content.decode()
    assert "重置密码" in alice_page and "停用账号" in alice_page and "解除锁定" not in alice_page
    own = login(world.alice_user).get(reverse("member_detail", args=[world.alice.pk])).content.decode()
    assert "alice" in own and "重置密码" not in own


def test_a_secretary_cannot_take_over_an_account_that_reaches_further_than_theirs(world, login):
    RoleFactory(user=world.alice_user, org=world.a, kind=Role.Kind.DISCIPLINE)
    page = login(world.sec_a).get(reverse("member_detail", args=[world.alice.pk])).content.decode()
    assert "请由上级党务管理员办理" in page and "重置密码" not in page
    for action in ("reset", "disable", "unlock"):
        assert act(login(world.sec_a), world.alice, action).status_code == 403
    assert act(login(world.admin), world.alice, "reset").status_code == 200


def test_a_reset_gives_a_new_password_once_ends_the_old_one_and_lifts_the_lockout(world, client, settings, audit_log):
    lock_out(client, "alice", settings)
    assert accounts.locked_addresses("alice") == 1
    manager = client_for(world.sec_a)
    assert "已锁定" in manager.get(reverse("member_detail", args=[world.alice.pk])).content.decode()
    page = act(manager, world.alice, "reset")
    [(username, password)] = credentials_on(page)
    assert username == "alice" and "no-store" in page["Cache-Control"]
    assert accounts.locked_addresses("alice") == 0
    assert [(c.action, c.about) for c in audit_log] == [("account.password_reset", world.alice)]
    assert "解除锁定" in audit_log[0].detail and password not in audit_log[0].detail

    assert sign_in(client, "alice", PASSWORD).status_code == 200
    assert sign_in(client, "alice", password).status_code == 302
    assert client.get(reverse("home"))["Location"] == reverse("password_change")


def test_a_reset_ends_the_sessions_the_holder_had_open(world, client):
    client.force_login(world.alice_user)
    assert client.get(reverse("member_detail", args=[world.alice.pk])).status_code == 200
    act(client_for(world.sec_a), world.alice, "reset")
    assert client.get(reverse("member_detail", args=[world.alice.pk]))["Location"].startswith(reverse("login"))


def test_nobody_resets_or_disables_their_own_account_here(world, login):
    own = MemberFactory(org=world.a, name="赵书记", user=world.sec_a)
    client = login(world.sec_a)
    page = client.get(reverse("member_detail", args=[own.pk])).content.decode()
    assert "重置密码" not in page and "停用账号" not in page
    for action in ("reset", "disable"):
        response = act(client, own, action)
        assert "请由上级办理" in client.get(response["Location"]).content.decode()
    world.sec_a.refresh_from_db()
    assert world.sec_a.is_active and world.sec_a.check_password(PASSWORD)


def test_unlocking_lifts_the_lockout_so_the_right_password_works_again(world, client, settings, audit_log):
    lock_out(client, "alice", settings)
    assert client.post(reverse("login"), {"username": "alice", "password": PASSWORD}).status_code == 429
    manager = client_for(world.sec_a)
    response = act(manager, world.alice, "unlock")
    assert "已解除「张丽」的登录锁定" in manager.get(response["Location"]).content.decode()
    assert [(c.action, c.about) for c in audit_log] == [("account.unlock", world.alice)]
    assert sign_in(client, "alice", PASSWORD).status_code == 302

    response = act(manager, world.alice, "unlock")
    assert "当前没有被锁定" in manager.get(response["Location"]).content.decode()


def test_a_disabled_account_cannot_sign_in_until_enabled(world, client, audit_log):
    client.force_login(world.alice_user)
    manager = client_for(world.sec_a)
    act(manager, world.alice, "disable")
    world.alice_user.refresh_from_db()
    assert not world.alice_user.is_active
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))  # her open session ended
    assert sign_in(client, "alice", PASSWORD).status_code == 200
    page = manager.get(reverse("member_detail", args=[world.alice.pk])).content.decode()
    assert "已停用" in page and "启用账号" in page

    act(manager, world.alice, "enable")
    assert sign_in(client, "alice", PASSWORD).status_code == 302
    assert [c.action for c in audit_log] == ["account.disable", "account.enable"]


def test_deactivating_a_member_disables_their_login_and_restoring_them_does_not(world, login, audit_log):
    client = login(world.sec_a)
    client.post(reverse("member_deactivate", args=[world.alice.pk]), {"reason": "出党"})
    world.alice_user.refresh_from_db()
    assert not world.alice_user.is_active
    assert [(c.action, c.about) for c in audit_log] == [("account.disable", world.alice)]
    act(client, world.alice, "enable")
    world.alice_user.refresh_from_db()
    assert not world.alice_user.is_active  # a member off the roll does not sign in

    client.post(reverse("member_deactivate", args=[world.alice.pk]), {"reason": "误操作"})
    world.alice_user.refresh_from_db()
    assert not world.alice_user.is_active  # restored to the roll; the login waits for 启用账号
    act(client, world.alice, "enable")
    world.alice_user.refresh_from_db()
    assert world.alice_user.is_active


def test_a_transfer_takes_the_member_role_to_the_new_branch_and_its_managers(world, login):
    RoleFactory(user=world.alice_user, org=world.a, kind=Role.Kind.SECRETARY)  # a post, not a membership
    login(world.admin).post(reverse("member_transfer", args=[world.alice.pk]),
                            {"to_org": world.b.pk, "date": datetime.date(2026, 10, 1), "reason": "工作调动"})
    held = set(Role.objects.filter(user=world.alice_user).values_list("org", "kind"))
    assert held == {(world.b.pk, Role.Kind.MEMBER), (world.a.pk, Role.Kind.SECRETARY)}
    moved = Role.history.filter(user=world.alice_user, kind=Role.Kind.MEMBER).first()
    assert moved.history_change_reason == "组织关系转接到二中党支部"
    assert act(login(world.sec_a), world.alice, "reset").status_code == 404
    # the secretary role on A is one sec_b could not give: the account goes to the org admin above both
    assert act(login(world.sec_b), world.alice, "reset").status_code == 403
    assert act(login(world.admin), world.alice, "reset").status_code == 200


def test_an_unknown_action_changes_nothing(world, login):
    client = login(world.sec_a)
    response = act(client, world.alice, "promote")
    assert "未知的操作" in client.get(response["Location"]).content.decode()
    world.alice_user.refresh_from_db()
    assert world.alice_user.is_active and world.alice_user.check_password(PASSWORD)


def test_initial_passwords_are_random_readable_and_pass_the_validators(world):
    from django.contrib.auth.password_validation import validate_password

    passwords = {accounts.new_password() for _ in range(200)}
    assert len(passwords) == 200
    for password in list(passwords)[:20]:
        assert len(password) == 14 and not set(password) & set("0O1lI")
        validate_password(password, User(username="m000001", first_name="王强"))
