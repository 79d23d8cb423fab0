"""The meeting form: 支委 as invitees (the org's committee members), and the 学时 a meeting counts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from qingfeng.orglife.models import Meeting
from qingfeng.orglife.tests.test_meetings import form_data
from qingfeng.orgs.models import Member
from qingfeng.orgs.tests.factories import MemberFactory

POST = Member.CommitteePost


def test_the_committee_is_invited_to_a_committee_meeting(world, login):
    secretary = MemberFactory(org=world.a, name="陈书记", committee_post=POST.SECRETARY)
    Member.objects.filter(pk=world.bob.pk).update(committee_post=POST.ORGANIZATION)
    MemberFactory(org=world.a, name="离任委员", committee_post=POST.PROPAGANDA, is_active=False)
    MemberFactory(org=world.b, name="二中书记", committee_post=POST.SECRETARY)
    response = login(world.sec_a).post(reverse("meeting_create"),
                                       form_data(world.a, invite="committee", kind=Meeting.Kind.COMMITTEE))
    assert response.status_code == 302
    invited = set(Meeting.objects.get().attendance.values_list("member_id", flat=True))
    assert invited == {secretary.pk, world.bob.pk}


def test_an_org_without_a_committee_on_record_is_told(world, login):
    response = login(world.sec_a).post(reverse("meeting_create"), form_data(world.a, invite="committee"))
    assert "一中党支部尚未登记支委" in " ".join(response.context["form"].errors["invite"])
    assert not Meeting.objects.exists()


def test_the_leadership_team_is_invited_to_a_democratic_life_meeting(world, login):
    Member.objects.filter(pk=world.bob.pk).update(is_leading_cadre=True)
    carol = Member.objects.filter(pk=world.carol.pk)
    carol.update(is_leading_cadre=True)  # 二中's: in G's subtree, not in A's
    response = login(world.admin).post(reverse("meeting_create"),
                                       form_data(world.g, invite="leaders", kind=Meeting.Kind.DEMOCRATIC_LIFE))
    assert response.status_code == 302
    assert set(Meeting.objects.get().attendance.values_list("member_id", flat=True)) == {world.bob.pk, world.carol.pk}


def test_an_org_without_a_leadership_team_on_record_is_told(world, login):
    response = login(world.sec_a).post(reverse("meeting_create"), form_data(world.a, invite="leaders"))
    assert "一中党支部尚未登记领导班子成员" in " ".join(response.context["form"].errors["invite"])
    assert not Meeting.objects.exists()


def test_the_form_offers_the_committee(world, login):
    page = login(world.sec_a).get(reverse("meeting_create")).content.decode()
    assert 'value="committee"' in page and "支委" in page and 'name="hours"' in page


def test_a_meeting_keeps_its_hours(world, login):
    login(world.sec_a).post(reverse("meeting_create"), form_data(world.a, hours="1.5"))
    assert Meeting.objects.get().hours == Decimal("1.5")


def test_no_hours_given_is_none_counted(world, login):
    login(world.sec_a).post(reverse("meeting_create"), form_data(world.a))
    assert Meeting.objects.get().hours == 0


@pytest.mark.parametrize("hours, message", [("-1", "学时不能为负数"), ("两小时", ""), ("1000", "")])
def test_bad_hours_are_named_and_nothing_is_saved(world, login, hours, message):
    response = login(world.sec_a).post(reverse("meeting_create"), form_data(world.a, hours=hours))
    assert message in " ".join(response.context["form"].errors["hours"])
    assert not Meeting.objects.exists()
