"""The audit log is written (core.audit): sign-ins, failures, lockouts and sign-outs, whatever the log level."""

import ast
import logging
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError
from django.urls import reverse

from conftest import PASSWORD
from qingfeng.core import audit
from qingfeng.core.models import AuditEntry
from qingfeng.core.tests.factories import UserFactory

ADDRESS = "203.0.113.7"


def sign_in(client, username, password=PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ADDRESS)


def entries(action):
    return list(AuditEntry.objects.filter(action=action))


def test_a_sign_in_is_recorded_with_the_address_under_the_users_org(world, client):
    sign_in(client, "sec_a")
    [entry] = entries("login.success")
    assert (entry.user, entry.username, entry.address, entry.label) == (world.sec_a, "sec_a", ADDRESS, "登录")
    assert entry.org_path == world.a.path


def test_a_failed_sign_in_of_an_account_names_the_account(world, client):
    sign_in(client, "sec_b", "wrong")
    [entry] = entries("login.failure")
    assert (entry.user, entry.username, entry.address, entry.org_path) == (world.sec_b, "sec_b", ADDRESS, world.b.path)
    assert "wrong" not in entry.detail


def test_a_failed_sign_in_under_an_unknown_name_keeps_the_name_typed_under_the_top_org(world, client):
    sign_in(client, "nobody_here", "wrong")
    [entry] = entries("login.failure")
    assert (entry.user, entry.username, entry.address, entry.org_path) == (None, "nobody_here", ADDRESS, world.c.path)


def test_a_lockout_is_recorded_with_the_address(world, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "sec_a", "wrong")
    [entry] = entries("login.locked")
    assert (entry.user, entry.username, entry.address, entry.label) == (world.sec_a, "sec_a", ADDRESS, "登录被锁定")
    assert len(entries("login.failure")) == settings.AXES_FAILURE_LIMIT


def test_a_sign_out_is_recorded(world, client):
    sign_in(client, "sec_a")
    client.post(reverse("logout"), REMOTE_ADDR=ADDRESS)
    [entry] = entries("logout")
    assert (entry.user, entry.address) == (world.sec_a, ADDRESS)


def test_entries_are_written_with_logging_disabled(world, client):
    logging.disable(logging.CRITICAL)
    try:
        sign_in(client, "sec_a", "wrong")
        sign_in(client, "sec_a")
    finally:
        logging.disable(logging.NOTSET)
    assert len(entries("login.success")) == 1 and len(entries("login.failure")) == 1


def test_a_member_without_a_role_is_filed_under_her_branch(world, client):
    user = UserFactory(username="carol")
    world.carol.user = user  # 李梅 of branch B gets a login, and no role
    world.carol.save()
    entry = audit.record("password.change", user=user)
    assert entry.org_path == world.b.path


def test_an_entry_is_filed_under_the_org_given_about_the_record_given(world, campaign):
    entry = audit.record("export.summary", user=world.admin, org=world.a, about=campaign, detail="一中")
    assert (entry.org_path, entry.about_type.model, entry.about_id, entry.about_text) == (
        world.a.path, "campaign", campaign.pk, campaign.title)
    assert entry.address == ""  # no request, e.g. a background job


def test_an_unknown_action_is_an_error_and_writes_nothing(world):
    with pytest.raises(ImproperlyConfigured, match="register_label"):
        audit.record("login.sucess", user=world.admin)
    assert not AuditEntry.objects.exists()


def test_every_action_the_code_records_has_a_label():
    """An unlabelled action fails only when its page runs: every `audit.record(...)` of the code is checked here."""
    root = Path(audit.__file__).resolve().parents[1]
    recorded = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "record" \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "audit" and node.args:
                recorded |= {c.value for c in ast.walk(node.args[0]) if isinstance(c, ast.Constant)}
    assert {"export.ledger", "export.inspection", "export.audit_log"} <= recorded  # the scan sees the calls
    assert sorted(recorded - set(audit.LABELS)) == []


def test_an_entry_is_never_changed(world):
    entry = audit.record("setup", user=world.admin)
    entry.detail = "改过"
    with pytest.raises(ValueError):
        entry.save()


def test_an_export_whose_entry_cannot_be_written_does_not_leave(world, login, monkeypatch):
    client = login(world.sec_a)

    def broken(**fields):
        raise DatabaseError("disk full")

    monkeypatch.setattr(AuditEntry.objects, "create", broken)
    with pytest.raises(DatabaseError):
        client.get(reverse("ledger_export"))
