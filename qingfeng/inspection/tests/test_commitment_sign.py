"""The commitment: read, typed name, ticked, signed once and kept."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from qingfeng.campaigns.models import Campaign
from qingfeng.core.testing import pinned_queries
from qingfeng.inspection.models import Commitment
from qingfeng.orgs.models import Org, Role
from qingfeng.orgs.tests.factories import MemberFactory, UserFactory


def url(campaign):
    return reverse("commitment_sign", args=[campaign.pk])


def test_a_member_signs_with_her_name(campaign, world, login):
    client = login(world.alice_user)
    assert "我承诺：严守纪律，不搞特殊。" in client.get(url(campaign)).content.decode()
    response = client.post(url(campaign), {"name": " 张丽 ", "confirm": "on"}, follow=True)
    commitment = Commitment.objects.get()
    assert (commitment.member, commitment.org, commitment.signed_by, commitment.signed_name) == (
        world.alice, world.a, world.alice_user, "张丽")
    assert commitment.text == "我承诺：严守纪律，不搞特殊。"
    assert commitment.signed_at is not None
    page = response.content.decode()
    assert "已签署承诺书" in page and "您已于" in page


def test_the_signed_text_is_kept_when_the_campaign_text_changes(campaign, world, login):
    login(world.alice_user).post(url(campaign), {"name": "张丽", "confirm": "on"})
    Campaign.objects.filter(pk=campaign.pk).update(commitment_text="新的承诺内容")
    page = login(world.alice_user).get(url(campaign)).content.decode()
    assert "我承诺：严守纪律，不搞特殊。" in page and "新的承诺内容" not in page


def test_a_wrong_name_is_refused_clearly(campaign, world, login):
    response = login(world.alice_user).post(url(campaign), {"name": "张三", "confirm": "on"})
    assert "签名须与您在党员档案中的姓名一致" in response.content.decode()
    assert not Commitment.objects.exists()


def test_the_confirmation_must_be_ticked(campaign, world, login):
    response = login(world.alice_user).post(url(campaign), {"name": "张丽"})
    assert "请勾选确认" in response.content.decode()
    assert not Commitment.objects.exists()


def test_signing_is_once(campaign, world, login):
    client = login(world.alice_user)
    client.post(url(campaign), {"name": "张丽", "confirm": "on"})
    response = client.post(url(campaign), {"name": "张丽", "confirm": "on"})
    assert "您已签署过承诺书，不能重复签署" in response.content.decode()
    assert Commitment.objects.count() == 1
    assert "签署承诺书</button>" not in client.get(url(campaign)).content.decode()


def test_the_database_refuses_a_second_commitment(campaign, world):
    fields = dict(campaign=campaign, member=world.alice, org=world.a, text="t", signed_name="张丽",
                  signed_by=world.alice_user)
    Commitment.objects.create(**fields)
    with pytest.raises(IntegrityError):
        Commitment.objects.create(**fields)


def test_a_member_no_longer_on_the_roll_is_told_why(campaign, world, login):
    world.alice.is_active = False
    world.alice.save()
    response = login(world.alice_user).post(url(campaign), {"name": "张丽", "confirm": "on"})
    assert "没有关联本专项工作范围内的党员档案" in response.content.decode()
    assert not Commitment.objects.exists()


@pytest.mark.parametrize("who", ["sec_a", "leader"])
def test_a_reviewer_without_a_member_record_signs_nothing_and_is_sent_to_the_list(campaign, world, login, who):
    response = login(getattr(world, who)).post(url(campaign), {"name": "张丽", "confirm": "on"})
    assert response["Location"] == list_url(campaign)
    assert not Commitment.objects.exists()


def test_a_closed_campaign_takes_no_signature(campaign, world, login):
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    response = login(world.alice_user).post(url(campaign), {"name": "张丽", "confirm": "on"})
    assert "专项工作已结束，记录只读" in response.content.decode()
    assert not Commitment.objects.exists()


def test_a_campaign_without_a_text_cannot_be_signed(campaign, world, login):
    Campaign.objects.filter(pk=campaign.pk).update(commitment_text="")
    response = login(world.alice_user).post(url(campaign), {"name": "张丽", "confirm": "on"})
    assert "本专项工作未设置承诺书内容" in response.content.decode()
    assert not Commitment.objects.exists()


def test_a_campaign_of_another_branch_is_not_found(campaign, world, login):
    other = Campaign.objects.create(org=world.b, title="二中自查", status=Campaign.Status.ACTIVE,
                                    created_by=world.admin, commitment_text="承诺")
    assert login(world.alice_user).post(url(other), {"name": "张丽", "confirm": "on"}).status_code == 404
    assert not Commitment.objects.exists()


def sign(campaign, member):
    return Commitment.objects.create(campaign=campaign, member=member, org=member.org, text="t",
                                     signed_name=member.name, signed_by=campaign.created_by)


def list_url(campaign, query=""):
    return reverse("commitment_list", args=[campaign.pk]) + query


def test_the_secretary_sees_who_signed(campaign, world, login):
    sign(campaign, world.alice)
    sign(campaign, world.carol)
    response = login(world.sec_a).get(list_url(campaign))
    assert response.context["counts"] == {"total": 2, "signed": 1, "unsigned": 1}
    rows = {row.record.name: bool(row.record.records) for row in response.context["table"].page}
    assert rows == {"张丽": True, "王强": False}
    unsigned = login(world.admin).get(list_url(campaign, "?show=unsigned")).context["table"].page
    assert [row.record.name for row in unsigned] == ["王强"]


def test_the_other_branch_secretary_sees_her_own_branch_only(campaign, world, login):
    sign(campaign, world.alice)
    response = login(world.sec_b).get(list_url(campaign))
    assert [row.record.name for row in response.context["table"].page] == ["李梅"]
    assert response.context["counts"]["signed"] == 0


def test_a_member_is_sent_to_sign(campaign, world, login):
    assert login(world.alice_user).get(list_url(campaign))["Location"] == url(campaign)


def test_a_member_cannot_see_another_members_commitment(campaign, world, login):
    sign(campaign, world.alice)
    world.bob.user = UserFactory(username="bob", role=Role.Kind.MEMBER, org=world.a)
    world.bob.save()
    page = login(world.bob.user).get(url(campaign)).content.decode()
    assert "您已于" not in page and "签署承诺书</button>" in page


def test_the_commitment_list_query_count_is_pinned(campaign, world, client):
    client.force_login(world.admin)
    client.get(list_url(campaign))
    for size in (2, 10):
        for i in range(size):
            branch = Org.create(world.g, code=f"K{size}-{i}", name=f"扩展支部{size}-{i}", kind=Org.Kind.BRANCH)
            sign(campaign, MemberFactory(org=branch, name=f"党员{size}-{i}"))
            MemberFactory(org=world.a, name=f"甲{size}-{i}")
        with pinned_queries("campaigns.commitment_list"):
            assert client.get(list_url(campaign)).status_code == 200
