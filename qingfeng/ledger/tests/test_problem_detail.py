"""One problem: its fields and rectifications; the source details only for the discipline role."""

import pytest
from django.urls import reverse

from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.orgs.models import Role
from qingfeng.orgs.tests.factories import MemberFactory, UserFactory


def url(problem):
    return reverse("problem_detail", args=[problem.pk])


@pytest.fixture
def secret(campaign, world):
    return ProblemFactory(campaign=campaign, member=world.alice, source="petition", description="收受礼金线索",
                          example="节日期间收受购物卡", confidential_detail="举报人：王某，信访件 2025-017")


def test_it_shows_a_problem_and_its_rectifications(campaign, world, login):
    problem = ProblemFactory(campaign=campaign, member=world.alice, source="superior", example="只谈成绩",
                             root_cause="宗旨意识淡薄")
    RectificationFactory(problem=problem, measure="每周学习一次")
    page = login(world.sec_a).get(url(problem))
    html = page.content.decode()
    assert page.status_code == 200
    for text in ["学习不深入", "只谈成绩", "宗旨意识淡薄", "上级点评", "政治素质", "每周学习一次", "新增整改措施"]:
        assert text in html
    assert "confidential-detail" not in html


def test_the_discipline_role_sees_the_confidential_detail(campaign, world, login, secret):
    html = login(world.discipline).get(url(secret)).content.decode()
    assert "举报人：王某" in html
    assert "新增整改措施" in html


def test_the_subject_sees_the_problem_but_never_the_reporter(campaign, world, login, secret):
    page = login(world.alice_user).get(url(secret))
    html = page.content.decode()
    assert page.status_code == 200
    assert "收受礼金线索" in html and "节日期间收受购物卡" in html
    assert "举报人" not in html and "2025-017" not in html
    assert "新增整改措施" not in html


@pytest.mark.parametrize("username", ["sec_a", "admin", "leader", "inspector", "sec_b"])
def test_a_confidential_problem_is_404_for_non_discipline_users(campaign, world, login, secret, username):
    assert login(getattr(world, username)).get(url(secret)).status_code == 404


def test_the_other_branch_secretary_gets_404(campaign, world, login):
    problem = ProblemFactory(campaign=campaign, member=world.alice)
    assert login(world.sec_b).get(url(problem)).status_code == 404


def test_another_member_of_the_branch_gets_404(campaign, world, login):
    dave = MemberFactory(org=world.a, name="赵伟",
                         user=UserFactory(username="dave", role=Role.Kind.MEMBER, org=world.a))
    problem = ProblemFactory(campaign=campaign, member=world.alice)
    assert login(dave.user).get(url(problem)).status_code == 404


def test_a_leader_reads_without_the_assign_button(campaign, world, login):
    problem = ProblemFactory(campaign=campaign, member=world.alice)
    page = login(world.leader).get(url(problem))
    assert page.status_code == 200 and "新增整改措施" not in page.content.decode()


def test_it_lists_only_rectifications_the_user_may_see(campaign, world, login):
    problem = ProblemFactory(campaign=campaign, member=world.alice)
    RectificationFactory(problem=problem, measure="张丽的措施")
    RectificationFactory(problem=problem, owner=world.bob, measure="王强的措施")
    html = login(world.alice_user).get(url(problem)).content.decode()
    assert "张丽的措施" in html and "王强的措施" not in html
