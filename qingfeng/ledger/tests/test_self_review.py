"""Nobody reviews, accepts, returns, reopens or supervises a record they own: that goes one level up."""

import pytest
from django.urls import reverse

from qingfeng.core.permissions import can, visible_to
from qingfeng.ledger.models import Evidence, Rectification
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.ledger.workflow import rectification_workflow
from qingfeng.orgs.models import Role
from qingfeng.orgs.tests.factories import MemberFactory, UserFactory

S = Rectification.Status


@pytest.fixture
def own_rectification(campaign, world):
    """A rectification owned by the branch secretary (a member of the branch), waiting for 验收."""
    secretary = MemberFactory(org=world.a, name="钱书记", user=world.sec_a)
    rect = RectificationFactory(problem=ProblemFactory(campaign=campaign, member=secretary))
    Evidence.objects.create(rectification=rect, note="已整改", uploaded_by=world.sec_a)
    rect.status = S.SUBMITTED
    rect.save()  # a save, as the workflow's: the kept counts (我的) follow it
    return rect


def act(client, rect, action, text=""):
    return client.post(reverse("rectification_action", args=[rect.pk]), {"action": action, "text": text})


@pytest.mark.parametrize("action, text", [("accept", ""), ("return", "材料不全")])
def test_a_secretary_cannot_accept_or_return_their_own_rectification(world, login, own_rectification, action, text):
    response = act(login(world.sec_a), own_rectification, action, text)
    assert response.status_code == 403
    assert Rectification.objects.get(pk=own_rectification.pk).status == S.SUBMITTED


def test_the_secretary_sees_no_review_buttons_on_their_own_rectification(world, login, own_rectification):
    page = login(world.sec_a).get(reverse("rectification_detail", args=[own_rectification.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "验收销号" not in body and 'value="return"' not in body
    assert rectification_workflow.allowed(world.sec_a, own_rectification) == []


def test_the_org_admin_above_accepts_the_secretarys_rectification(world, login, own_rectification):
    act(login(world.admin), own_rectification, "accept")
    assert Rectification.objects.get(pk=own_rectification.pk).status == S.ACCEPTED


def test_a_secretary_of_the_org_above_accepts_it_too(world, login, own_rectification):
    sec_g = UserFactory(username="sec_g", role=Role.Kind.SECRETARY, org=world.g)
    act(login(sec_g), own_rectification, "accept")
    assert Rectification.objects.get(pk=own_rectification.pk).status == S.ACCEPTED


def test_my_work_lists_the_rectification_for_those_above_not_for_its_owner(world, login, own_rectification):
    assert own_rectification not in visible_to(world.sec_a, Rectification, "review")
    assert own_rectification in visible_to(world.admin, Rectification, "review")
    assert login(world.sec_a).get(reverse("my_work")).context["to_review"]["rectification_count"] == 0
    assert login(world.admin).get(reverse("my_work")).context["to_review"]["rectification_count"] == 1


def test_an_inspector_cannot_reopen_their_own_accepted_rectification(campaign, world):
    inspector_member = MemberFactory(org=world.a, name="孙督查", user=world.inspector)
    rect = RectificationFactory(problem=ProblemFactory(campaign=campaign, member=inspector_member))
    Rectification.objects.filter(pk=rect.pk).update(status=S.ACCEPTED)
    rect.refresh_from_db()
    assert not can(world.inspector, "reopen", rect)
    assert can(world.discipline, "reopen", rect)
    assert not can(world.inspector, "supervise", rect)
