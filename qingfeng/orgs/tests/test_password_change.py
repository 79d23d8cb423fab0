"""修改密码: everyone changes their own, judged by the project's validators, in Chinese; how long a sign-in lasts."""

from django.urls import reverse

from qingfeng.core.tests.test_project import setting
from qingfeng.orgs.tests.factories import PASSWORD


def change(client, old, new, again=None):
    return client.post(reverse("password_change"),
                       {"old_password": old, "new_password1": new, "new_password2": new if again is None else again})


def test_anyone_changes_their_own_password_and_stays_signed_in(world, login, audit_log):
    client = login(world.leader)
    response = change(client, PASSWORD, "Qingfeng-leader-2026")
    assert response["Location"] == reverse("home")
    world.leader.refresh_from_db()
    assert world.leader.check_password("Qingfeng-leader-2026")
    assert client.get(reverse("org_tree")).status_code == 200
    assert [(c.action, c.request.user) for c in audit_log] == [("password.change", world.leader)]


def test_the_navbar_links_to_it(world, login):
    page = login(world.alice_user).get(reverse("org_tree")).content.decode()
    assert f'href="{reverse("password_change")}"' in page and "修改密码" in page


def test_a_bad_password_is_refused_in_chinese_and_nothing_changes(world, login):
    client = login(world.alice_user)
    cases = [
        (("wrong-old", "Qingfeng-alice-2026"), "你的旧密码不正确"),
        ((PASSWORD, "Qf-26"), "密码太短，至少需要 8 个字符"),
        ((PASSWORD, "password123"), "这个密码太常见了"),
        ((PASSWORD, "20261123123"), "密码只包含数字"),
        ((PASSWORD, "alice2026"), "太相似"),
        ((PASSWORD, "Qingfeng-alice-2026", "Qingfeng-alice-2027"), "输入的两个密码不一致"),
    ]
    for args, message in cases:
        page = change(client, *args).content.decode()
        assert message in page, message
        assert "too short" not in page
    world.alice_user.refresh_from_db()
    assert world.alice_user.check_password(PASSWORD)


def test_it_asks_anonymous_visitors_to_sign_in(db, client):
    assert client.get(reverse("password_change"))["Location"].startswith(reverse("login"))


def test_a_sign_in_lasts_the_configured_hours(tmp_path):
    assert setting("s.SESSION_COOKIE_AGE", QF_DATA_DIR=str(tmp_path)) == str(8 * 3600)
    assert setting("s.SESSION_COOKIE_AGE", QF_SESSION_HOURS="0.5", QF_DATA_DIR=str(tmp_path)) == "1800"
    # from the last write of the session, not from each request (no write per page)
    assert setting("getattr(s, 'SESSION_SAVE_EVERY_REQUEST', False)", QF_DATA_DIR=str(tmp_path)) == "False"


def test_a_nonsense_session_length_stops_the_start(tmp_path):
    import subprocess
    import sys

    from qingfeng.core.tests.test_project import ROOT, clean_env

    result = subprocess.run([sys.executable, "-c", "import qingfeng.settings"], cwd=ROOT, capture_output=True,
                            text=True, env=clean_env(QF_SESSION_HOURS="0", QF_DATA_DIR=str(tmp_path)), timeout=60)
    assert result.returncode != 0 and "QF_SESSION_HOURS" in result.stderr
