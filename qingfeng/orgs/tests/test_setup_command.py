"""`qingfeng setup`: the top committee and its first org admin on an empty database, and nothing else."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from qingfeng.core.models import AuditEntry
from qingfeng.core.permissions import can
from qingfeng.orgs.models import Org, Role

STRONG = "qingfeng-first-admin-2026"
ARGUMENTS = ["--org-name", "清风县委", "--org-code", "QFX", "--admin", "zuzhibu"]


def setup(*arguments):
    out = StringIO()
    call_command("setup", *(arguments or ARGUMENTS), stdout=out)
    return out.getvalue()


def nothing_was_saved():
    return not (Org.objects.exists() or get_user_model().objects.exists() or Role.objects.exists()
                or AuditEntry.objects.exists())


def test_it_creates_the_committee_and_its_org_admin(db, monkeypatch, client):
    monkeypatch.setenv("QF_SETUP_PASSWORD", STRONG)
    out = setup()
    committee = Org.objects.get()
    assert (committee.name, committee.code, committee.kind, committee.depth) == ("清风县委", "QFX", "committee", 1)
    admin = get_user_model().objects.get()
    assert admin.username == "zuzhibu" and not admin.is_superuser
    assert list(admin.qf_roles.values_list("org", "kind")) == [(committee.pk, Role.Kind.ORG_ADMIN)]
    assert can(admin, "manage_org", committee)
    assert admin.qf_roles.get().history.get().history_change_reason == "首次运行（qingfeng setup）"
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.user, entry.org_path) == ("setup", admin, committee.path)
    assert "清风县委" in out and "zuzhibu" in out
    # The admin signs in with that password and lands in the app, not on "no role anywhere".
    signed_in = client.post(reverse("login"), {"username": "zuzhibu", "password": STRONG})
    assert signed_in.status_code == 302 and client.session["_auth_user_id"] == str(admin.pk)


def test_it_refuses_a_second_time(db, monkeypatch):
    monkeypatch.setenv("QF_SETUP_PASSWORD", STRONG)
    setup()
    with pytest.raises(CommandError, match="已有党组织.*already exists"):
        setup("--org-name", "另一个县委", "--org-code", "OTHER", "--admin", "other")
    assert Org.objects.count() == 1 and get_user_model().objects.count() == 1


def test_it_refuses_when_any_org_exists(world, monkeypatch):
    monkeypatch.setenv("QF_SETUP_PASSWORD", STRONG)
    users = get_user_model().objects.count()
    with pytest.raises(CommandError, match="已有党组织"):
        setup()
    assert not Org.objects.filter(code="QFX").exists()
    assert get_user_model().objects.count() == users


@pytest.mark.parametrize("password, reason", [
    ("short1!", "太短"),
    ("12345678901234", "只包含数字"),
    ("password123", "太常见"),
    ("zuzhibu2026", "太相似"),  # like the username
])
def test_it_refuses_a_weak_password_with_the_validators_reason(db, monkeypatch, password, reason):
    monkeypatch.setenv("QF_SETUP_PASSWORD", password)
    with pytest.raises(CommandError, match=f"密码不符合要求.*password is too weak[\\s\\S]*{reason}"):
        setup()
    assert nothing_was_saved()


def test_it_asks_for_the_password_twice_when_none_is_in_the_environment(db, monkeypatch):
    monkeypatch.delenv("QF_SETUP_PASSWORD", raising=False)
    prompts = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: prompts.append(prompt) or STRONG)
    setup()
    assert len(prompts) == 2 and all("密码" in prompt for prompt in prompts)
    assert get_user_model().objects.get().check_password(STRONG)


def test_it_refuses_two_different_passwords(db, monkeypatch):
    monkeypatch.delenv("QF_SETUP_PASSWORD", raising=False)
    answers = iter([STRONG, STRONG + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    with pytest.raises(CommandError, match="两次输入的密码不一致"):
        setup()
    assert nothing_was_saved()


def test_without_a_terminal_or_the_variable_it_says_how_to_give_the_password(db, monkeypatch):
    monkeypatch.delenv("QF_SETUP_PASSWORD", raising=False)

    def no_terminal(prompt):
        raise EOFError

    monkeypatch.setattr("getpass.getpass", no_terminal)
    with pytest.raises(CommandError, match="QF_SETUP_PASSWORD"):
        setup()
    assert nothing_was_saved()


def test_a_bad_org_code_names_the_field_and_saves_nothing(db, monkeypatch):
    monkeypatch.setenv("QF_SETUP_PASSWORD", STRONG)
    with pytest.raises(CommandError, match="组织编码：组织编码只能包含字母"):
        setup("--org-name", "清风县委", "--org-code", "清风 县委", "--admin", "zuzhibu")
    assert nothing_was_saved()


def test_a_bad_username_names_the_field_and_saves_nothing(db, monkeypatch):
    monkeypatch.setenv("QF_SETUP_PASSWORD", STRONG)
    with pytest.raises(CommandError, match="管理员用户名不可用[\\s\\S]*用户名："):
        setup("--org-name", "清风县委", "--org-code", "QFX", "--admin", "组织 部!")
    assert nothing_was_saved()


def test_a_failure_midway_saves_nothing(db, monkeypatch):
    # The committee, the admin, the role and the audit entry are one transaction.
    monkeypatch.setenv("QF_SETUP_PASSWORD", STRONG)

    def broken_audit(*args, **kwargs):
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr("qingfeng.core.audit.record", broken_audit)
    with pytest.raises(RuntimeError):
        setup()
    assert nothing_was_saved()
