"""A member writes and revises her own reflection; nobody else may."""

import pytest
from django.urls import reverse

from qingfeng.campaigns.models import Campaign
from qingfeng.study.models import Reflection
from qingfeng.study.tests.test_reflection_workflow import log_in_bob, make_reflection

S = Reflection.Status


def create(campaign):
    return reverse("reflection_create", args=[campaign.pk])


def edit(reflection):
    return reverse("reflection_edit", args=[reflection.campaign_id, reflection.pk])


def test_a_member_saves_a_draft(campaign, world, login):
    response = login(world.alice_user).post(create(campaign), {"title": "学习体会", "body": "正文"})
    reflection = Reflection.objects.get()
    assert response["Location"] == reverse("reflection_detail", args=[campaign.pk, reflection.pk])
    assert (reflection.member, reflection.org, reflection.status) == (world.alice, world.a, S.DRAFT)
    assert reflection.submitted_at is None


def test_a_member_writes_and_submits_at_once(campaign, world, login):
    login(world.alice_user).post(create(campaign), {"title": "学习体会", "body": "正文", "submit": "1"})
    reflection = Reflection.objects.get()
    assert reflection.status == S.SUBMITTED and reflection.submitted_at is not None


def test_title_and_body_are_required(campaign, world, login):
    response = login(world.alice_user).post(create(campaign), {"title": "", "body": ""})
    assert set(response.context["form"].errors) == {"title", "body"}
    assert "标题：" in response.content.decode()
    assert not Reflection.objects.exists()


def test_a_user_without_a_member_record_is_told_why(campaign, world, login):
    response = login(world.sec_a).post(create(campaign), {"title": "t", "body": "b"}, follow=True)
    assert "没有关联本专项工作范围内的党员档案" in response.content.decode()
    assert not Reflection.objects.exists()


def test_a_closed_campaign_takes_no_new_reflection(campaign, world, login):
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    response = login(world.alice_user).post(create(campaign), {"title": "t", "body": "b"}, follow=True)
    assert "专项工作已结束，记录只读" in response.content.decode()
    assert not Reflection.objects.exists()


def test_a_member_edits_her_returned_reflection(campaign, world, login):
    reflection = make_reflection(campaign, world.alice, S.RETURNED, review_comment="请补充事例")
    client = login(world.alice_user)
    assert "请补充事例" in client.get(edit(reflection)).content.decode()
    client.post(edit(reflection), {"title": "新标题", "body": "新正文"})
    reflection.refresh_from_db()
    assert (reflection.title, reflection.body, reflection.status) == ("新标题", "新正文", S.RETURNED)


def test_a_submitted_reflection_cannot_be_edited(campaign, world, login):
    reflection = make_reflection(campaign, world.alice, S.SUBMITTED)
    response = login(world.alice_user).post(edit(reflection), {"title": "改", "body": "改"}, follow=True)
    assert "心得体会待审阅，不能再修改" in response.content.decode()
    reflection.refresh_from_db()
    assert reflection.title == "学习心得"


@pytest.mark.parametrize(("who", "status"), [("sec_a", 403), ("leader", 403), ("sec_b", 404)])
def test_nobody_else_may_edit(campaign, world, login, who, status):
    reflection = make_reflection(campaign, world.alice)
    assert login(getattr(world, who)).post(edit(reflection), {"title": "改", "body": "改"}).status_code == status
    reflection.refresh_from_db()
    assert reflection.title == "学习心得"


def test_another_member_may_not_edit(campaign, world, login):
    reflection = make_reflection(campaign, world.alice)
    assert login(log_in_bob(world)).post(edit(reflection), {"title": "改", "body": "改"}).status_code == 404


def test_a_closed_campaign_keeps_a_returned_reflection_as_it_is(campaign, world, login):
    reflection = make_reflection(campaign, world.alice, S.RETURNED)
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    client = login(world.alice_user)
    response = client.post(edit(reflection), {"title": "改", "body": "改", "submit": "1"}, follow=True)
    assert "专项工作已结束，记录只读" in response.content.decode()
    reflection.refresh_from_db()
    assert (reflection.title, reflection.status) == ("学习心得", S.RETURNED)
    assert not response.context["may_edit"]
