"""Actions on a rectification go through the one status machine; refusals are messages or 403."""

import pytest
from django.urls import reverse

from qingfeng.campaigns.models import Campaign
from qingfeng.ledger.models import Evidence, Rectification
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.orgs.models import Role
from qingfeng.orgs.tests.factories import MemberFactory, UserFactory


def act(client, rectification, action, text=""):
    return client.post(reverse("rectification_action", args=[rectification.pk]), {"action": action, "text": text})


def status(rectification):
    return Rectification.objects.get(pk=rectification.pk).status


def last_message(page):
    return [str(m) for m in page.wsgi_request._messages][-1]


def with_evidence(rectification, world):
    Evidence.objects.create(rectification=rectification, note="已整改", uploaded_by=world.alice_user)
    return rectification


@pytest.fixture
def rectification(campaign, world):
    return RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice))


def test_the_owner_starts_reports_and_submits(world, login, rectification):
    client = login(world.alice_user)
    page = act(client, rectification, "start")
    assert page.status_code == 302 and page.url == reverse("rectification_detail", args=[rectification.pk])
    assert status(rectification) == "in_progress" and last_message(page) == "已开始整改"
    act(client, rectification, "report", "已完成第一次学习")
    assert Rectification.objects.get(pk=rectification.pk).progress == "已完成第一次学习"
    with_evidence(rectification, world)
    act(client, rectification, "submit")
    assert status(rectification) == "submitted"


def test_a_report_needs_its_text(world, login, rectification):
    client = login(world.alice_user)
    act(client, rectification, "start")
    page = act(client, rectification, "report", "   ")
    assert last_message(page) == "请填写进展情况"
    assert Rectification.objects.get(pk=rectification.pk).progress == ""


def test_submitting_without_evidence_is_refused(world, login, rectification):
    client = login(world.alice_user)
    act(client, rectification, "start")
    page = act(client, rectification, "submit")
    assert last_message(page) == "请先上传佐证材料"
    assert status(rectification) == "in_progress"


def test_the_secretary_accepts_with_evidence(world, login, rectification):
    with_evidence(rectification, world)
    client = login(world.alice_user)
    act(client, rectification, "start")
    act(client, rectification, "submit")
    page = act(login(world.sec_a), rectification, "accept", "整改到位")
    accepted = Rectification.objects.get(pk=rectification.pk)
    assert last_message(page) == "已验收销号"
    assert accepted.status == "accepted" and accepted.reviewed_by == world.sec_a
    assert accepted.accepted_at is not None and accepted.review_comment == "整改到位"


def test_a_secretary_above_the_owning_branch_accepts_too(world, login, rectification):
    general_secretary = UserFactory(username="sec_g", role=Role.Kind.SECRETARY, org=world.g)
    with_evidence(rectification, world)
    client = login(world.alice_user)
    act(client, rectification, "start")
    act(client, rectification, "submit")
    page = act(login(general_secretary), rectification, "accept", "整改到位")
    assert last_message(page) == "已验收销号"
    assert Rectification.objects.get(pk=rectification.pk).reviewed_by == general_secretary


def test_accepting_without_evidence_is_refused(world, login, rectification):
    Rectification.objects.filter(pk=rectification.pk).update(status="submitted")
    page = act(login(world.sec_a), rectification, "accept")
    assert last_message(page) == "没有佐证材料，不能销号"
    assert status(rectification) == "submitted"
    assert Rectification.objects.get(pk=rectification.pk).reviewed_by is None


def test_the_secretary_returns_with_a_reason_and_the_owner_resumes(world, login, rectification):
    Rectification.objects.filter(pk=rectification.pk).update(status="submitted")
    act(login(world.sec_a), rectification, "return", "佐证不充分")
    returned = Rectification.objects.get(pk=rectification.pk)
    assert returned.status == "returned" and returned.return_reason == "佐证不充分"
    assert returned.review_comment == ""
    act(login(world.alice_user), rectification, "resume")
    assert status(rectification) == "in_progress"


def test_an_action_from_the_wrong_state_is_a_message(world, login, rectification):
    page = act(login(world.alice_user), rectification, "submit")
    assert last_message(page) == "当前状态为「待整改」，不能提交验收"
    assert status(rectification) == "open"


def test_an_unknown_action_is_a_message(world, login, rectification):
    assert last_message(act(login(world.alice_user), rectification, "delete")) == "未知的操作"


@pytest.mark.parametrize("username", ["sec_a", "leader", "inspector", "admin"])
def test_only_the_owner_starts(world, login, rectification, username):
    assert act(login(getattr(world, username)), rectification, "start").status_code == 403
    assert status(rectification) == "open"


@pytest.mark.parametrize("username", ["leader", "alice_user", "inspector"])
def test_accepting_is_for_reviewers_only(world, login, rectification, username):
    with_evidence(rectification, world)
    Rectification.objects.filter(pk=rectification.pk).update(status="submitted")
    assert act(login(getattr(world, username)), rectification, "accept").status_code == 403
    assert status(rectification) == "submitted"


def test_the_other_branch_secretary_gets_404(world, login, rectification):
    Rectification.objects.filter(pk=rectification.pk).update(status="submitted")
    assert act(login(world.sec_b), rectification, "return", "x").status_code == 404
    assert status(rectification) == "submitted"


def test_another_member_gets_404(world, login, rectification):
    dave = MemberFactory(org=world.a, name="赵伟",
                         user=UserFactory(username="dave", role=Role.Kind.MEMBER, org=world.a))
    assert act(login(dave.user), rectification, "start").status_code == 404
    assert status(rectification) == "open"


def test_on_a_confidential_problem_only_discipline_reviews(campaign, world, login):
    secret = with_evidence(
        RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice, source="petition")), world)
    Rectification.objects.filter(pk=secret.pk).update(status="submitted")
    assert act(login(world.sec_a), secret, "accept").status_code == 404
    act(login(world.discipline), secret, "accept")
    assert status(secret) == "accepted"


def test_the_inspector_reopens_an_accepted_item_with_a_reason(world, login, rectification):
    with_evidence(rectification, world)
    Rectification.objects.filter(pk=rectification.pk).update(status="accepted")
    act(login(world.inspector), rectification, "reopen", "回头看发现反弹")
    reopened = Rectification.objects.get(pk=rectification.pk)
    assert reopened.status == "in_progress" and reopened.follow_ups.get().reason == "回头看发现反弹"


def test_a_closed_campaign_is_read_only(campaign, world, login, rectification):
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    page = act(login(world.alice_user), rectification, "start")
    assert last_message(page) == "专项工作已结束，记录只读"
    assert status(rectification) == "open"


def test_it_rejects_get(world, login, rectification):
    page = login(world.alice_user).get(reverse("rectification_action", args=[rectification.pk]))
    assert page.status_code == 405
