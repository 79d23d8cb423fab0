"""A reflection's life: written, submitted, returned with a comment, revised, resubmitted, accepted."""

import pytest
from django.urls import reverse
from django.utils import timezone

from qingfeng.campaigns.models import Campaign
from qingfeng.orgs.models import Role
from qingfeng.orgs.tests.factories import MemberFactory, UserFactory
from qingfeng.study.models import Reflection
from qingfeng.study.workflow import reflection_workflow

S = Reflection.Status


def make_reflection(campaign, member, status=S.DRAFT, **fields):
    defaults = dict(title="学习心得", body="通过学习，我深刻认识到……")
    defaults.update(fields)
    if status != S.DRAFT:
        defaults.setdefault("submitted_at", timezone.now())
    return Reflection.objects.create(campaign=campaign, member=member, org=member.org, status=status, **defaults)


def log_in_bob(world):
    """Bob, alice's fellow member of branch A, with a login of his own."""
    world.bob.user = UserFactory(username="bob", role=Role.Kind.MEMBER, org=world.a)
    world.bob.save()
    return world.bob.user


def act(client, reflection, action, text=""):
    return client.post(reverse("reflection_action", args=[reflection.campaign_id, reflection.pk]),
                       {"action": action, "text": text}, follow=True)


def detail(client, reflection):
    return client.get(reverse("reflection_detail", args=[reflection.campaign_id, reflection.pk]))


def test_returned_resubmitted_and_accepted_with_history(campaign, world, client):
    client.force_login(world.alice_user)
    client.post(reverse("reflection_create", args=[campaign.pk]),
                {"title": "学习党章的体会", "body": "第一稿", "submit": "1"})
    reflection = Reflection.objects.get()
    assert reflection.status == S.SUBMITTED

    client.force_login(world.sec_a)
    act(client, reflection, "return", "联系实际不够，请补充具体事例")
    reflection.refresh_from_db()
    assert (reflection.status, reflection.review_comment, reflection.reviewed_by) == (
        S.RETURNED, "联系实际不够，请补充具体事例", world.sec_a)

    client.force_login(world.alice_user)
    page = detail(client, reflection).content.decode()
    assert "联系实际不够，请补充具体事例" in page
    client.post(reverse("reflection_edit", args=[campaign.pk, reflection.pk]),
                {"title": "学习党章的体会", "body": "第二稿：比如在备课中……", "submit": "1"})
    reflection.refresh_from_db()
    assert (reflection.status, reflection.body) == (S.SUBMITTED, "第二稿：比如在备课中……")

    client.force_login(world.sec_a)
    act(client, reflection, "accept")
    reflection.refresh_from_db()
    assert reflection.status == S.ACCEPTED

    reasons = [e.reason for e in detail(client, reflection).context["entries"]]
    assert reasons == ["通过", "提交", "修改", "退回修改：联系实际不够，请补充具体事例", "提交", "撰写"]


def test_returning_needs_a_comment(campaign, world, login):
    reflection = make_reflection(campaign, world.alice, S.SUBMITTED)
    response = act(login(world.sec_a), reflection, "return", "  ")
    assert "请填写退回意见" in response.content.decode()
    reflection.refresh_from_db()
    assert reflection.status == S.SUBMITTED


def test_an_accepted_reflection_cannot_be_returned(campaign, world, login):
    reflection = make_reflection(campaign, world.alice, S.ACCEPTED)
    response = act(login(world.sec_a), reflection, "return", "再改改")
    assert "当前状态为「已通过」，不能退回修改" in response.content.decode()
    reflection.refresh_from_db()
    assert reflection.status == S.ACCEPTED


def test_the_reviewer_sees_the_buttons_and_the_member_does_not(campaign, world, login):
    reflection = make_reflection(campaign, world.alice, S.SUBMITTED)
    names = [t.name for t in detail(login(world.sec_a), reflection).context["transitions"]]
    assert names == ["accept", "return"]
    assert detail(login(world.alice_user), reflection).context["transitions"] == []
    assert detail(login(world.leader), reflection).context["transitions"] == []


@pytest.mark.parametrize("who", ["leader", "inspector", "alice_user"])
def test_only_a_reviewer_may_accept(campaign, world, login, who):
    reflection = make_reflection(campaign, world.alice, S.SUBMITTED)
    response = login(getattr(world, who)).post(
        reverse("reflection_action", args=[campaign.pk, reflection.pk]), {"action": "accept"})
    assert response.status_code == 403
    reflection.refresh_from_db()
    assert reflection.status == S.SUBMITTED


def test_the_secretary_may_not_submit_for_the_member(campaign, world, login):
    reflection = make_reflection(campaign, world.alice)
    response = login(world.sec_a).post(
        reverse("reflection_action", args=[campaign.pk, reflection.pk]), {"action": "submit"})
    assert response.status_code == 403


def test_others_get_not_found(campaign, world, login):
    reflection = make_reflection(campaign, world.alice, S.SUBMITTED)
    for user in (world.sec_b, log_in_bob(world)):
        client = login(user)
        assert detail(client, reflection).status_code == 404
        assert client.post(reverse("reflection_action", args=[campaign.pk, reflection.pk]),
                           {"action": "accept"}).status_code == 404
    reflection.refresh_from_db()
    assert reflection.status == S.SUBMITTED


def test_a_reflection_is_not_found_under_another_campaign(campaign, world, login):
    reflection = make_reflection(campaign, world.alice)
    other = Campaign.objects.create(org=world.c, title="另一项工作", created_by=world.admin,
                                    status=Campaign.Status.ACTIVE)
    assert login(world.alice_user).get(
        reverse("reflection_detail", args=[other.pk, reflection.pk])).status_code == 404


def test_the_action_refuses_get(campaign, world, login):
    reflection = make_reflection(campaign, world.alice, S.SUBMITTED)
    response = login(world.sec_a).get(reverse("reflection_action", args=[campaign.pk, reflection.pk]))
    assert response.status_code == 405


def test_a_closed_campaign_accepts_nothing(campaign, world, login):
    reflection = make_reflection(campaign, world.alice, S.SUBMITTED)
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    response = act(login(world.sec_a), reflection, "accept")
    assert "专项工作已结束，记录只读" in response.content.decode()
    reflection.refresh_from_db()
    assert reflection.status == S.SUBMITTED
    assert detail(login(world.sec_a), reflection).context["transitions"] == []


def test_a_secretary_cannot_approve_or_return_their_own_reflection(campaign, world, client):
    secretary = MemberFactory(org=world.a, name="钱书记", user=world.sec_a)
    own = make_reflection(campaign, secretary, status=S.SUBMITTED)
    client.force_login(world.sec_a)

    assert reflection_workflow.allowed(world.sec_a, own) == []
    for action, text in [("accept", ""), ("return", "再改改")]:
        response = client.post(reverse("reflection_action", args=[campaign.pk, own.pk]),
                               {"action": action, "text": text})
        assert response.status_code == 403
    assert Reflection.objects.get(pk=own.pk).status == S.SUBMITTED

    client.force_login(world.admin)  # the org admin above reviews it
    act(client, own, "accept")
    assert Reflection.objects.get(pk=own.pk).status == S.ACCEPTED
