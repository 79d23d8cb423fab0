from django.urls import reverse

from conftest import PASSWORD


def test_it_logs_in_and_lands_on_my_work(world, client):
    page = client.post(reverse("login"), {"username": "sec_a", "password": PASSWORD})
    assert page.status_code == 302
    assert client.get(page["Location"])["Location"] == reverse("my_work")  # home → 我的


def test_a_wrong_password_says_so_in_chinese(world, client):
    page = client.post(reverse("login"), {"username": "sec_a", "password": "wrong"})
    assert "用户名或密码不正确" in page.content.decode()


def test_repeated_failures_lock_the_account(world, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "sec_a", "password": "wrong"})
    page = client.post(reverse("login"), {"username": "sec_a", "password": PASSWORD})
    assert page.status_code == 429
    assert "锁定" in page.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_locked_account_does_not_lock_others_on_the_same_address(world, client, settings):
    # Behind a proxy everyone shares one address: one person's typos must not lock the office out.
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "sec_a", "password": "wrong"})
    page = client.post(reverse("login"), {"username": "sec_b", "password": PASSWORD})
    assert page.status_code == 302
    assert client.session["_auth_user_id"] == str(world.sec_b.pk)


def test_demo_mode_lists_the_demo_accounts(db, client, settings):
    settings.DEMO = True
    body = client.get(reverse("login")).content.decode()
    assert "演示账号" in body and "zuzhibu" in body and "dangyuan" in body


def test_outside_demo_mode_no_accounts_are_listed(db, client, settings):
    settings.DEMO = False
    body = client.get(reverse("login")).content.decode()
    assert "演示账号" not in body


def test_passwords_are_hashed_with_argon2(world):
    assert world.sec_a.password.startswith("argon2")


def test_logout_takes_a_post(world, login):
    client = login(world.sec_a)
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session
