"""Giving a problem its rectifications: measure, owner, leader, due date, kind."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from qingfeng.campaigns.models import Campaign
from qingfeng.ledger.models import Rectification
from qingfeng.ledger.tests.factories import ProblemFactory
from qingfeng.orgs.tests.factories import MemberFactory


def url(problem):
    return reverse("rectification_create", args=[problem.pk])


def in_days(n):
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def post(client, problem, **data):
    fields = dict(measure="每周集中学习一次并写笔记", owner=problem.member_id or "", leader="",
                  due_date=in_days(30), kind="deadline")
    fields.update(data)
    return client.post(url(problem), fields)


@pytest.fixture
def problem(campaign, world):
    return ProblemFactory(campaign=campaign, member=world.alice)


def test_a_secretary_assigns_a_rectification(world, login, problem):
    page = post(login(world.sec_a), problem, leader=world.bob.pk, kind="immediate")
    rectification = Rectification.objects.get()
    assert page.status_code == 302 and page.url == reverse("rectification_detail", args=[rectification.pk])
    assert (rectification.problem, rectification.org, rectification.owner, rectification.leader) == (
        problem, world.a, world.alice, world.bob)
    assert rectification.status == "open" and rectification.kind == "immediate"
    assert rectification.created_by == world.sec_a


def test_a_problem_gets_several_rectifications_and_the_leader_is_optional(world, login, problem):
    client = login(world.sec_a)
    post(client, problem)
    post(client, problem, owner=world.bob.pk, measure="建立学习台账")
    assert problem.rectifications.count() == 2
    assert set(problem.rectifications.values_list("leader", flat=True)) == {None}


def test_the_owner_defaults_to_the_problems_member(world, login, problem):
    form = login(world.sec_a).get(url(problem)).context["form"]
    assert form.initial["owner"] == world.alice.pk
    assert set(form.fields["owner"].queryset) == {world.alice, world.bob}


def test_leading_cadres_come_first_among_leaders(world, login, problem):
    chief = MemberFactory(org=world.a, name="周书记", is_leading_cadre=True)
    form = login(world.admin).get(url(problem)).context["form"]
    leaders = list(form.fields["leader"].queryset)
    assert leaders[0] == chief and world.carol in leaders
    assert "关键少数" in form.fields["leader"].label_from_instance(chief)


def test_a_due_date_in_the_past_is_refused(world, login, problem):
    page = post(login(world.sec_a), problem, due_date=in_days(-1))
    assert "整改时限：整改时限不能早于今天" in page.content.decode()
    assert not Rectification.objects.exists()


def test_today_is_a_valid_due_date(world, login, problem):
    post(login(world.sec_a), problem, due_date=in_days(0))
    assert Rectification.objects.get().due_date == timezone.localdate()


def test_an_owner_outside_the_problems_org_is_refused(world, login, problem):
    page = post(login(world.admin), problem, owner=world.carol.pk)
    assert "owner" in page.context["form"].errors
    assert "责任人：" in page.content.decode()
    assert not Rectification.objects.exists()


def test_a_forged_leader_id_is_refused(world, login, problem):
    page = post(login(world.sec_a), problem, leader=world.carol.pk)
    assert "leader" in page.context["form"].errors
    assert not Rectification.objects.exists()


def test_the_other_branch_secretary_gets_404(world, login, problem):
    assert login(world.sec_b).get(url(problem)).status_code == 404
    assert post(login(world.sec_b), problem).status_code == 404


@pytest.mark.parametrize("username", ["leader", "alice_user", "inspector"])
def test_users_who_may_see_but_not_assign_get_403(world, login, problem, username):
    assert post(login(getattr(world, username)), problem).status_code == 403
    assert not Rectification.objects.exists()


def test_a_confidential_problem_is_assigned_by_the_discipline_role_only(campaign, world, login):
    secret = ProblemFactory(campaign=campaign, member=world.alice, source="discipline")
    assert post(login(world.sec_a), secret).status_code == 404
    assert post(login(world.admin), secret).status_code == 404
    assert post(login(world.discipline), secret).status_code == 302
    assert Rectification.objects.get().problem == secret


def test_a_closed_campaign_takes_no_new_rectifications(campaign, world, login, problem):
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    assert post(login(world.sec_a), problem).status_code == 302
    assert not Rectification.objects.exists()
