"""The rectification status machine under random action sequences by random roles.

An independent table of who may do what (ALLOWED below) is the oracle; the workflow
must agree with it step by step, and never leave a state the rules forbid.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict
from freezegun import freeze_time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qingfeng.core.workflow import WorkflowError
from qingfeng.ledger.models import Evidence, FollowUp, Rectification
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.ledger.workflow import add_evidence, rectification_workflow

S = Rectification.Status
ROLES = ["alice_user", "sec_a", "sec_b", "leader", "inspector", "discipline", "admin"]
UPLOAD = "upload evidence"
ACTIONS = [t.name for t in rectification_workflow.transitions] + [UPLOAD]


def oracle(action, role, status, has_evidence, confidential):
    """The status the action leads to, or None when it must be refused. Written from the issue text."""
    reviewers = {"discipline"} if confidential else {"sec_a", "admin"}
    reopeners = {"discipline"} if confidential else {"inspector", "discipline"}
    owner = role == "alice_user"
    rules = {
        "start": (owner and status == S.OPEN, S.IN_PROGRESS),
        "report": (owner and status == S.IN_PROGRESS, S.IN_PROGRESS),
        "submit": (owner and status == S.IN_PROGRESS and has_evidence, S.SUBMITTED),
        "resume": (owner and status == S.RETURNED, S.IN_PROGRESS),
        "accept": (role in reviewers and status == S.SUBMITTED and has_evidence, S.ACCEPTED),
        "return": (role in reviewers and status == S.SUBMITTED, S.RETURNED),
        "confirm": (role in reopeners and status == S.ACCEPTED, S.ACCEPTED),
        "reopen": (role in reopeners and status == S.ACCEPTED, S.IN_PROGRESS),
        UPLOAD: (owner and status in {S.OPEN, S.IN_PROGRESS, S.RETURNED}, status),
    }
    allowed, target = rules[action]
    return target if allowed else None


def snapshot(rectification):
    row = Rectification.objects.get(pk=rectification.pk)
    return (model_to_dict(row), row.status, row.accepted_at, row.evidence.count(), row.follow_ups.count())


def check_invariants(rectification):
    row = Rectification.objects.get(pk=rectification.pk)
    assert row.status in S.values
    if row.status == S.ACCEPTED:
        assert row.evidence.exists() and row.reviewed_by_id is not None and row.accepted_at is not None
    else:
        assert row.accepted_at is None and row.reviewed_by_id is None


def natural_roles(action, confidential):
    """Who would usually take an action: drawn half the time so sequences get past 待整改."""
    if action in {"accept", "return"}:
        return ["discipline"] if confidential else ["sec_a", "admin"]
    if action in {"confirm", "reopen"}:
        return ["discipline"] if confidential else ["inspector"]
    return ["alice_user"]


def plausible(status):
    """Actions that start from `status`: drawn half the time, the rest are any action at all."""
    return [t.name for t in rectification_workflow.transitions if status in t.sources] + [UPLOAD]


# Walked first, to a random depth, so every state is reached before the random steps begin.
HAPPY_PATH = ["start", UPLOAD, "submit", "return", "resume", "submit", "accept", "confirm", "reopen"]


@pytest.mark.django_db
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), source=st.sampled_from(["superior", "petition"]),
       depth=st.integers(min_value=0, max_value=len(HAPPY_PATH)), length=st.integers(min_value=0, max_value=15))
def test_random_sequences_by_random_roles_follow_the_rules(campaign, world, data, source, depth, length):
    # The db fixture is not reset between examples: each example works on a fresh rectification.
    rectification = RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice, source=source))
    confidential = source == "petition"
    path = [(action, natural_roles(action, confidential)[0]) for action in HAPPY_PATH[:depth]]
    for step in range(depth + length):
        before = snapshot(rectification)
        status, evidence_count = before[1], before[3]
        if step < depth:
            action, role = path[step]
        else:
            action = data.draw(st.one_of(st.sampled_from(plausible(status)), st.sampled_from(ACTIONS)))
            role = data.draw(st.one_of(st.sampled_from(natural_roles(action, confidential)), st.sampled_from(ROLES)))
        user = getattr(world, role)
        expected = oracle(action, role, status, evidence_count > 0, confidential)
        try:
            if action == UPLOAD:
                add_evidence(user, rectification, note=f"{role} 的说明")
            else:
                rectification_workflow.perform(user, rectification, action, text=f"{role} 的意见")
        except (WorkflowError, PermissionDenied):
            assert expected is None, f"{role} was refused {action} from {status}"
            assert snapshot(rectification) == before, f"refused {action} by {role} changed the record"
        else:
            assert expected is not None, f"{role} was allowed {action} from {status}"
            after = snapshot(rectification)
            assert after[1] == expected
            assert after[3] == evidence_count + (action == UPLOAD)
            assert after[4] == before[4] + (action in {"confirm", "reopen"})
        check_invariants(rectification)


def test_the_oracle_names_every_transition():
    # A transition added to the workflow must be added to the oracle too.
    for action in ACTIONS:
        oracle(action, "alice_user", S.OPEN, False, False)


def test_accepting_requires_evidence(campaign, world):
    rectification = RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice))
    rectification_workflow.perform(world.alice_user, rectification, "start")
    Rectification.objects.filter(pk=rectification.pk).update(status=S.SUBMITTED)
    with pytest.raises(WorkflowError, match="没有佐证材料，不能销号"):
        rectification_workflow.perform(world.sec_a, rectification, "accept")
    Evidence.objects.create(rectification=rectification, note="已整改", uploaded_by=world.alice_user)
    accepted = rectification_workflow.perform(world.sec_a, rectification, "accept")
    assert accepted.status == S.ACCEPTED and accepted.reviewed_by == world.sec_a


def test_reopening_clears_the_acceptance_and_records_a_follow_up(campaign, world):
    rectification = RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice))
    Evidence.objects.create(rectification=rectification, note="已整改", uploaded_by=world.alice_user)
    Rectification.objects.filter(pk=rectification.pk).update(status=S.SUBMITTED)
    rectification_workflow.perform(world.sec_a, rectification, "accept")
    reopened = rectification_workflow.perform(world.inspector, rectification, "reopen", "回头看发现反弹")
    assert (reopened.status, reopened.reviewed_by, reopened.accepted_at) == (S.IN_PROGRESS, None, None)
    assert FollowUp.objects.get().reopened


def test_overdue_is_derived_at_a_frozen_date(campaign, world):
    with freeze_time("2026-06-01"):
        rectification = RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice),
                                             due_in_days=30)
    assert str(rectification.due_date) == "2026-07-01"
    with freeze_time("2026-07-01"):
        assert not rectification.is_overdue()
    with freeze_time("2026-07-02"):
        assert rectification.is_overdue()
        Rectification.objects.filter(pk=rectification.pk).update(status=S.ACCEPTED)
        assert not Rectification.objects.get(pk=rectification.pk).is_overdue()
