"""One rectification: fields, overdue badge, evidence, history and the buttons each user gets."""

import datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time

from qingfeng.ledger.models import Evidence, FollowUp, Supervision
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.ledger.workflow import rectification_workflow
from qingfeng.orgs.models import Role
from qingfeng.orgs.tests.factories import MemberFactory, UserFactory


def url(rectification):
    return reverse("rectification_detail", args=[rectification.pk])


def buttons(page):
    return [t.name for t in page.context["transitions"]]


@pytest.fixture
def rectification(campaign, world):
    return RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice), leader=world.bob,
                                measure="每周学习一次")


def test_the_owner_sees_the_rectification_and_may_start_it(world, login, rectification):
    page = login(world.alice_user).get(url(rectification))
    html = page.content.decode()
    assert page.status_code == 200
    for text in ["每周学习一次", "学习不深入", "张丽", "王强", "限期整改", "待整改", "开始整改", "上传佐证材料"]:
        assert text in html
    assert buttons(page) == ["start"]


def test_a_secretary_sees_accept_and_return_on_a_submitted_item(world, login, rectification):
    Evidence.objects.create(rectification=rectification, note="已学习", uploaded_by=world.alice_user)
    rectification_workflow.perform(world.alice_user, rectification, "start")
    rectification_workflow.perform(world.alice_user, rectification, "submit")
    page = login(world.sec_a).get(url(rectification))
    assert buttons(page) == ["accept", "return"]
    html = page.content.decode()
    assert "退回原因" in html and 'id="text-return"' in html
    assert "已学习" in html
    assert "上传佐证材料" not in html


def test_it_shows_a_history_timeline(world, login, rectification):
    rectification_workflow.perform(world.alice_user, rectification, "start")
    rectification_workflow.perform(world.alice_user, rectification, "report", "已制定学习计划")
    html = login(world.sec_a).get(url(rectification)).content.decode()
    assert "开始整改" in html and "报告进展：已制定学习计划" in html


def test_it_shows_follow_ups_and_supervision_records(world, login, rectification):
    FollowUp.objects.create(rectification=rectification, reopened=False, reason="巩固良好", checked_by=world.inspector)
    Supervision.objects.create(rectification=rectification, level=Supervision.Level.URGE,
                               due_date=rectification.due_date, note="请尽快整改")
    html = login(world.sec_a).get(url(rectification)).content.decode()
    assert "巩固良好" in html and "催办" in html and "请尽快整改" in html


def test_the_overdue_badge_is_derived_from_the_due_date(world, login, campaign):
    with freeze_time("2026-03-01"):
        rectification = RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice),
                                             due_in_days=10)
    with freeze_time("2026-03-11"):
        assert "逾期" not in str(login(world.sec_a).get(url(rectification)).context["overdue_badge"])
    with freeze_time("2026-03-12"):
        assert "逾期" in str(login(world.sec_a).get(url(rectification)).context["overdue_badge"])


def test_a_leader_reads_without_buttons(world, login, rectification):
    page = login(world.leader).get(url(rectification))
    assert page.status_code == 200
    assert buttons(page) == [] and page.context["evidence_form"] is None


def test_the_other_branch_secretary_gets_404(world, login, rectification):
    assert login(world.sec_b).get(url(rectification)).status_code == 404


def test_another_member_gets_404(world, login, rectification):
    dave = MemberFactory(org=world.a, name="赵伟",
                         user=UserFactory(username="dave", role=Role.Kind.MEMBER, org=world.a))
    assert login(dave.user).get(url(rectification)).status_code == 404


@pytest.mark.parametrize("username", ["sec_a", "admin", "leader", "inspector"])
def test_a_rectification_of_a_confidential_problem_is_404_for_non_discipline(campaign, world, login, username):
    secret = RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice, source="petition"))
    assert login(getattr(world, username)).get(url(secret)).status_code == 404


def test_the_discipline_role_and_the_owner_see_a_confidential_rectification(campaign, world, login):
    problem = ProblemFactory(campaign=campaign, member=world.alice, source="petition",
                             confidential_detail="举报人：王某")
    secret = RectificationFactory(problem=problem)
    owner_page = login(world.alice_user).get(url(secret))
    assert owner_page.status_code == 200 and "举报人" not in owner_page.content.decode()
    assert login(world.discipline).get(url(secret)).status_code == 200


def test_the_problem_link_is_shown_only_to_those_who_may_see_the_problem(campaign, world, login):
    problem = ProblemFactory(campaign=campaign, member=world.alice)
    theirs = RectificationFactory(problem=problem, owner=world.alice)
    page = login(world.alice_user).get(url(theirs))
    assert reverse("problem_detail", args=[problem.pk]) in page.content.decode()
    bob_user = UserFactory(username="bob", role=Role.Kind.MEMBER, org=world.a)
    world.bob.user = bob_user
    world.bob.save()
    bobs = RectificationFactory(problem=problem, owner=world.bob)
    page = login(bob_user).get(url(bobs))
    assert page.status_code == 200
    assert reverse("problem_detail", args=[problem.pk]) not in page.content.decode()


def test_the_due_date_reads_in_chinese(world, login, campaign):
    rectification = RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice))
    rectification.due_date = datetime.date(2026, 11, 23)
    rectification.save()
    assert "2026年11月23日" in login(world.sec_a).get(url(rectification)).content.decode()


def submitted(world, rectification):
    Evidence.objects.create(rectification=rectification, note="已学习", uploaded_by=world.alice_user)
    rectification_workflow.perform(world.alice_user, rectification, "start")
    return rectification_workflow.perform(world.alice_user, rectification, "submit")


def test_accepting_asks_to_confirm_and_takes_an_optional_opinion(world, login, rectification):
    submitted(world, rectification)
    html = login(world.sec_a).get(url(rectification)).content.decode()
    assert 'data-confirm="确认验收销号？' in html
    assert "验收意见（选填）" in html
    assert 'id="text-accept" rows="2">' in html  # not required
    assert 'id="text-return" rows="2" required>' in html


def test_an_accepted_item_shows_its_opinion_as_the_opinion(world, login, rectification):
    rectification = rectification_workflow.perform(world.sec_a, submitted(world, rectification), "return",
                                                   "缺少会议记录")
    rectification = rectification_workflow.perform(world.alice_user, rectification, "resume")
    rectification = rectification_workflow.perform(world.alice_user, rectification, "submit")
    rectification_workflow.perform(world.sec_a, rectification, "accept", "整改到位，同意销号")
    page = login(world.alice_user).get(url(rectification))
    html = page.content.decode()
    assert "<dt class=\"col-4 col-md-3\">验收意见</dt>" in html and "整改到位，同意销号" in html
    assert 'id="return-reason"' not in html  # the earlier 退回 is answered; the timeline keeps it
    assert "退回：缺少会议记录" in html


def test_a_returned_item_shows_its_reason_as_the_reason_not_as_an_opinion(world, login, rectification):
    rectification_workflow.perform(world.sec_a, submitted(world, rectification), "return", "缺少会议记录")
    html = login(world.alice_user).get(url(rectification)).content.decode()
    assert "<dt class=\"col-4 col-md-3\">退回原因</dt>" in html
    assert 'id="return-reason">缺少会议记录</dd>' in html
    assert "验收意见" not in html and 'id="review-comment"' not in html
