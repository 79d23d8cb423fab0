"""Attendance ticked from the branch's roster: absent needs a reason; saving replaces the set."""

import pytest
from django.urls import reverse
from django.utils import timezone

from qingfeng.campaigns.models import Campaign
from qingfeng.orgs.tests.factories import MemberFactory
from qingfeng.study.models import Attendance, StudyActivity


def make_activity(campaign, org, **fields):
    defaults = dict(kind=StudyActivity.Kind.GROUP_STUDY, date=timezone.localdate(), topic="集中学习党章",
                    created_by=campaign.created_by)
    defaults.update(fields)
    return StudyActivity.objects.create(campaign=campaign, org=org, **defaults)


def url(activity):
    return reverse("study_attendance", args=[activity.campaign_id, activity.pk])


def test_it_lists_the_active_members_of_the_branch_present_by_default(campaign, world, login):
    gone = MemberFactory(org=world.a, name="赵退", is_active=False)
    activity = make_activity(campaign, world.a)
    form = login(world.sec_a).get(url(activity)).context["form"]
    assert [m.name for m in form.members] == sorted([world.alice.name, world.bob.name])
    assert gone not in form.members and world.carol not in form.members
    assert all(form[f"present_{m.pk}"].value() for m in form.members)


def test_it_saves_present_and_absent_with_a_reason(campaign, world, login):
    activity = make_activity(campaign, world.a)
    response = login(world.sec_a).post(url(activity), {
        f"present_{world.alice.pk}": "on", f"reason_{world.bob.pk}": "出差"})
    assert response.status_code == 302
    rows = {a.member: (a.present, a.absence_reason) for a in Attendance.objects.all()}
    assert rows == {world.alice: (True, ""), world.bob: (False, "出差")}


def test_an_absence_without_a_reason_names_the_member_and_saves_nothing(campaign, world, login):
    activity = make_activity(campaign, world.a)
    response = login(world.sec_a).post(url(activity), {f"present_{world.alice.pk}": "on"})
    assert response.status_code == 200
    assert "「王强」缺席，请填写缺席原因" in response.content.decode()
    assert not Attendance.objects.exists()


def test_saving_again_replaces_the_attendance(campaign, world, login):
    activity = make_activity(campaign, world.a)
    client = login(world.sec_a)
    client.post(url(activity), {f"present_{world.alice.pk}": "on", f"reason_{world.bob.pk}": "出差"})
    client.post(url(activity), {f"present_{world.alice.pk}": "on", f"present_{world.bob.pk}": "on",
                                f"reason_{world.bob.pk}": "出差"})
    rows = {a.member: (a.present, a.absence_reason) for a in Attendance.objects.all()}
    assert rows == {world.alice: (True, ""), world.bob: (True, "")}
    form = client.get(url(activity)).context["form"]
    assert form[f"present_{world.bob.pk}"].value() is True


def test_a_member_who_left_keeps_their_recorded_attendance(campaign, world, login):
    activity = make_activity(campaign, world.a)
    client = login(world.sec_a)
    client.post(url(activity), {f"present_{world.alice.pk}": "on", f"present_{world.bob.pk}": "on"})
    world.bob.is_active = False
    world.bob.save()
    form = client.get(url(activity)).context["form"]
    assert world.bob in form.members  # still shown, so a resave does not lose him
    client.post(url(activity), {f"reason_{world.alice.pk}": "病假", f"present_{world.bob.pk}": "on"})
    assert Attendance.objects.get(member=world.bob).present
    assert not Attendance.objects.get(member=world.alice).present


def test_the_secretary_of_another_branch_gets_not_found(campaign, world, login):
    activity = make_activity(campaign, world.a)
    assert login(world.sec_b).get(url(activity)).status_code == 404


@pytest.mark.parametrize("who", ["leader", "inspector"])
def test_read_only_roles_are_refused(campaign, world, login, who):
    activity = make_activity(campaign, world.a)
    client = login(getattr(world, who))
    assert client.get(url(activity)).status_code == 403
    assert client.post(url(activity), {f"present_{world.alice.pk}": "on"}).status_code == 403
    assert not Attendance.objects.exists()


def test_a_member_gets_not_found(campaign, world, login):
    activity = make_activity(campaign, world.a)
    assert login(world.alice_user).get(url(activity)).status_code == 404


def test_a_member_who_attended_sees_the_activity_but_may_not_record_it(campaign, world, login):
    activity = make_activity(campaign, world.a)
    Attendance.objects.create(activity=activity, member=world.alice, present=True)
    client = login(world.alice_user)
    assert client.get(url(activity)).status_code == 403
    assert client.post(url(activity), {f"present_{world.bob.pk}": "on"}).status_code == 403
    assert list(Attendance.objects.values_list("member", flat=True)) == [world.alice.pk]


def test_a_closed_campaign_refuses_attendance(campaign, world, login):
    activity = make_activity(campaign, world.a)
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    response = login(world.sec_a).post(
        url(activity), {f"present_{world.alice.pk}": "on", f"present_{world.bob.pk}": "on"}, follow=True)
    assert "专项工作已结束，记录只读" in response.content.decode()
    assert not Attendance.objects.exists()
