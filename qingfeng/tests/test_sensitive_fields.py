"""Sensitive fields are declared once (in each app's Scope) and reach people only through `shown`."""

import re
from pathlib import Path

from qingfeng.core.permissions import SCOPES, Sensitive, shown
from qingfeng.orgs.models import Member, Transfer

ROOT = Path(__file__).resolve().parents[1]
# Names unique to a sensitive field: a template reading `x.phone` bypasses the masking.
UNIQUE_NAMES = ("phone", "confidential_detail")


def test_phones_transfer_reasons_and_confidential_details_are_declared_sensitive():
    from qingfeng.ledger.models import Problem

    declared = {(model.__name__, name) for model, scope in SCOPES.items() for name in scope.sensitive}
    assert {("Member", "phone"), ("Member", "history_change_reason"), ("Transfer", "reason"),
            ("Problem", "confidential_detail")} <= declared
    assert all(isinstance(rule, Sensitive) for scope in SCOPES.values() for rule in scope.sensitive.values())
    assert "confidential_detail" in SCOPES[Problem].sensitive


def test_no_template_reads_a_sensitive_field_directly():
    offenders = []
    for template in ROOT.glob("*/templates/**/*.html"):
        for number, line in enumerate(template.read_text().splitlines(), start=1):
            for name in UNIQUE_NAMES:
                if re.search(rf"\{{[{{%][^}}]*\.{name}\b", line):
                    offenders.append(f"{template.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == [], "render sensitive fields with {% shown obj \"field\" %}:\n" + "\n".join(offenders)


def test_the_phone_is_in_clear_for_managers_and_the_member_and_masked_for_readers(world):
    for user in (world.admin, world.sec_a, world.alice_user):
        assert shown(user, world.alice, "phone") == "13812345678"
    for user in (world.leader, world.inspector, world.discipline):
        assert shown(user, world.alice, "phone") == "138****5678"


def test_a_transfer_reason_is_hidden_from_readers(world):
    import datetime

    from qingfeng.orgs.services import transfer_member

    transfer = transfer_member(world.bob, to_org=world.b, date=datetime.date(2026, 2, 1), reason="家庭原因",
                               by=world.admin)
    transfer = Transfer.objects.get(pk=transfer.pk)
    assert shown(world.sec_b, transfer, "reason") == "家庭原因"
    assert shown(world.leader, transfer, "reason") == "（已隐藏）"
    bob = Member.objects.get(pk=world.bob.pk)
    assert shown(world.leader, bob, "history_change_reason", "组织关系转接（2026-02-01）：家庭原因") == (
        "组织关系转接（2026-02-01）")
