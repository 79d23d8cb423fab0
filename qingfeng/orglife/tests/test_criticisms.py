"""批评意见 at a 组织生活会: recorded by the secretary, read by the member criticized, each turned into a 查摆问题 of an
active campaign with one click, linked both ways."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from qingfeng.campaigns.tests.factories import CampaignFactory
from qingfeng.ledger.models import Problem
from qingfeng.orglife.models import Criticism, Meeting
from qingfeng.orglife.tests.factories import MeetingFactory
from qingfeng.orgs.tests.factories import UserFactory


@pytest.fixture
def life(world):
    """一中's 组织生活会, held yesterday, alice and bob invited."""
    start = timezone.now() - datetime.timedelta(days=1)
    return MeetingFactory(org=world.a, created_by=world.sec_a, kind=Meeting.Kind.ORG_LIFE, title="年度组织生活会",
                          starts_at=start, ends_at=start + datetime.timedelta(hours=2), status=Meeting.Status.HELD,
                          invited=[world.alice, world.bob])


def record(client, meeting, **data):
    return client.post(reverse("criticism_create", args=[meeting.pk]), data)


def test_the_secretary_records_self_and_mutual_criticism(world, login, life):
    client = login(world.sec_a)
    record(client, life, member=world.alice.pk, kind="self", critic=world.bob.pk, text="理论学习不够系统")
    record(client, life, member=world.alice.pk, kind="mutual", critic=world.bob.pk, text="批改作业不够及时")
    items = {c.text: c for c in Criticism.objects.select_related("critic")}
    assert items["理论学习不够系统"].critic is None  # 自我批评 has no other critic
    assert items["批改作业不够及时"].critic == world.bob
    page = client.get(reverse("meeting_detail", args=[life.pk])).content.decode()
    assert "理论学习不够系统" in page and "王强对张丽" in page and "自我批评" in page


@pytest.mark.parametrize("data, field, message", [
    ({"kind": "mutual", "critic": ""}, "critic", "相互批评请选择提出人"),
    ({"kind": "mutual", "critic": "alice"}, "critic", "提出人是本人时，请选择“自我批评”"),
    ({"text": ""}, "text", "请填写此项"),
    ({"member": "carol"}, "member", None),  # another branch's member took no part
])
def test_bad_input_names_the_field_and_saves_nothing(world, login, life, data, field, message):
    named = {"alice": world.alice.pk, "carol": world.carol.pk}
    fields = {"member": world.alice.pk, "kind": "mutual", "critic": world.bob.pk, "text": "意见",
              **{k: named.get(v, v) for k, v in data.items()}}
    response = record(login(world.sec_a), life, **fields)
    errors = response.context["form"].errors
    assert field in errors and (message is None or errors[field] == [message])
    assert not Criticism.objects.exists()


def test_only_a_held_life_meeting_takes_criticism(world, login, life):
    Meeting.objects.filter(pk=life.pk).update(kind=Meeting.Kind.THEME_DAY)
    response = record(login(world.sec_a), life, member=world.alice.pk, kind="self", text="意见")
    assert response.status_code == 302 and not Criticism.objects.exists()


def test_an_item_becomes_a_problem_once_linked_both_ways(world, login, life, campaign):
    march = datetime.datetime(2026, 3, 5, 9, tzinfo=timezone.get_current_timezone())  # a date as the pages write it
    Meeting.objects.filter(pk=life.pk).update(starts_at=march, ends_at=march + datetime.timedelta(hours=2))
    item = Criticism.objects.create(meeting=life, member=world.alice, kind="mutual", critic=world.bob,
                                    text="批改作业不够及时", created_by=world.sec_a)
    client = login(world.sec_a)
    form = client.get(reverse("meeting_detail", args=[life.pk])).context["problem_form"]
    assert [c for c, _ in form.fields["campaign"].choices] == [campaign.pk]
    client.post(reverse("criticism_problem", args=[item.pk]), {"campaign": campaign.pk})
    item.refresh_from_db()
    problem = item.problem
    assert (problem.source, problem.member, problem.org, problem.campaign, problem.description) == (
        Problem.Source.CRITICISM, world.alice, world.a, campaign, "批改作业不够及时")
    assert problem.example == "2026年3月5日组织生活会「年度组织生活会」上的相互批评"
    page = client.get(reverse("problem_detail", args=[problem.pk])).content.decode()
    assert reverse("meeting_detail", args=[life.pk]) in page and "年度组织生活会" in page
    again = client.post(reverse("criticism_problem", args=[item.pk]), {"campaign": campaign.pk}, follow=True)
    assert "这条批评意见已经转为问题" in again.content.decode() and Problem.objects.count() == 1
    # the member criticized reads it, and where it went
    mine = login(world.alice_user).get(reverse("meeting_detail", args=[life.pk])).content.decode()
    assert "批改作业不够及时" in mine and "已转为问题" in mine


def test_a_closed_or_foreign_campaign_is_refused(world, login, life, campaign):
    item = Criticism.objects.create(meeting=life, member=world.alice, kind="self", text="意见", created_by=world.sec_a)
    other = CampaignFactory(org=world.b, title="二中的专项", created_by=world.admin)
    for forged in (other.pk, 999999, "x", ""):
        response = login(world.sec_a).post(reverse("criticism_problem", args=[item.pk]), {"campaign": forged},
                                           follow=True)
        assert "未转为问题" in response.content.decode()
    assert not Problem.objects.exists()


def test_others_may_not_record_or_convert(world, login, life, campaign):
    item = Criticism.objects.create(meeting=life, member=world.alice, kind="self", text="意见", created_by=world.sec_a)
    assert login(world.alice_user).post(reverse("criticism_problem", args=[item.pk]),
                                        {"campaign": campaign.pk}).status_code == 403
    assert login(world.sec_b).post(reverse("criticism_problem", args=[item.pk]),
                                   {"campaign": campaign.pk}).status_code == 404
    assert login(world.leader).get(reverse("criticism_create", args=[life.pk])).status_code == 403
    assert not Problem.objects.exists()
    # bob reads nothing of what was said about alice
    bob_user = UserFactory(username="bob", role="member", org=world.a)
    world.bob.user = bob_user
    world.bob.save()
    assert login(bob_user).get(reverse("meeting_detail", args=[life.pk])).context["criticisms"] == []
