"""Attendance from the branch's roster: 出席, 请假 (with a reason) or 缺席 per member; saving replaces the set."""

import pytest
from django.urls import reverse
from django.utils import timezone

from qingfeng.campaigns.models import Campaign
from qingfeng.orgs.tests.factories import MemberFactory
from qingfeng.study.models import Attendance, StudyActivity

S = Attendance.Status


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
    assert [m.name for m in form.members] == [world.bob.name, world.alice.name]  # by pinyin: 王 wang, 张 zhang
    assert gone not in form.members and world.carol not in form.members
    assert all(form[f"status_{m.pk}"].value() == S.PRESENT for m in form.members)


def recorded():
    return {a.member: (a.status, a.reason) for a in Attendance.objects.all()}


def test_it_saves_present_on_leave_with_a_reason_and_absent(campaign, world, login):
    carol_here = MemberFactory(org=world.a, name="赵敏")
    activity = make_activity(campaign, world.a)
    response = login(world.sec_a).post(url(activity), {
        f"status_{world.alice.pk}": "present", f"status_{world.bob.pk}": "leave", f"reason_{world.bob.pk}": " 出差 ",
        f"status_{carol_here.pk}": "absent", f"reason_{carol_here.pk}": ""}, follow=True)
    assert recorded() == {world.alice: (S.PRESENT, ""), world.bob: (S.LEAVE, "出差"), carol_here: (S.ABSENT, "")}
    assert "应到 3 人，实到 1 人，请假 1 人，缺席 1 人" in response.content.decode()


def test_an_unticked_member_no_longer_reads_present(campaign, world, login):
    """The old form labelled every checkbox「出席」, ticked or not: the page now names each choice."""
    activity = make_activity(campaign, world.a)
    client = login(world.sec_a)
    client.post(url(activity), {f"status_{world.alice.pk}": "present", f"status_{world.bob.pk}": "absent"})
    page = client.get(reverse("study_detail", args=[campaign.pk, activity.pk])).content.decode()
    assert 'data-status="absent"><span class="text-danger">缺席</span>' in page
    form = client.get(url(activity)).context["form"]
    assert form[f"status_{world.bob.pk}"].value() == S.ABSENT


def test_leave_without_a_reason_names_the_member_and_saves_nothing(campaign, world, login):
    activity = make_activity(campaign, world.a)
    response = login(world.sec_a).post(url(activity), {
        f"status_{world.alice.pk}": "present", f"status_{world.bob.pk}": "leave", f"reason_{world.bob.pk}": "  "})
    assert response.status_code == 200
    assert "「王强」请假，请填写请假原因" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_reason_too_long_names_the_member_once(campaign, world, login):
    """The input stops at 200 characters; a longer one (a forged post) is refused in the product's words,
    without also claiming the reason is missing."""
    activity = make_activity(campaign, world.a)
    response = login(world.sec_a).post(url(activity), {
        f"status_{world.alice.pk}": "present", f"status_{world.bob.pk}": "leave",
        f"reason_{world.bob.pk}": "出差" * 101})
    page = response.content.decode()
    assert "「王强」的请假或缺席原因最多 200 字（现有 202 字）" in page
    assert "请填写请假原因" not in page and "确保" not in page
    assert not Attendance.objects.exists()


def test_a_status_outside_the_three_names_the_member(campaign, world, login):
    activity = make_activity(campaign, world.a)
    response = login(world.sec_a).post(url(activity), {
        f"status_{world.alice.pk}": "late", f"status_{world.bob.pk}": "present"})
    assert "「张丽」的出勤情况只能是出席、请假或缺席" in response.content.decode()
    response = login(world.sec_a).post(url(activity), {f"status_{world.bob.pk}": "present"})
    assert "请选择「张丽」的出勤情况" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_reason_given_with_present_is_dropped(campaign, world, login):
    activity = make_activity(campaign, world.a)
    login(world.sec_a).post(url(activity), {
        f"status_{world.alice.pk}": "present", f"reason_{world.alice.pk}": "出差",
        f"status_{world.bob.pk}": "absent", f"reason_{world.bob.pk}": "未说明原因"})
    assert recorded() == {world.alice: (S.PRESENT, ""), world.bob: (S.ABSENT, "未说明原因")}


def test_saving_again_replaces_the_attendance(campaign, world, login):
    activity = make_activity(campaign, world.a)
    client = login(world.sec_a)
    client.post(url(activity), {f"status_{world.alice.pk}": "present", f"status_{world.bob.pk}": "leave",
                                f"reason_{world.bob.pk}": "出差"})
    client.post(url(activity), {f"status_{world.alice.pk}": "present", f"status_{world.bob.pk}": "present",
                                f"reason_{world.bob.pk}": "出差"})
    assert recorded() == {world.alice: (S.PRESENT, ""), world.bob: (S.PRESENT, "")}
    form = client.get(url(activity)).context["form"]
    assert form[f"status_{world.bob.pk}"].value() == S.PRESENT


def test_a_member_who_left_keeps_their_recorded_attendance(campaign, world, login):
    activity = make_activity(campaign, world.a)
    client = login(world.sec_a)
    client.post(url(activity), {f"status_{world.alice.pk}": "present", f"status_{world.bob.pk}": "present"})
    world.bob.is_active = False
    world.bob.save()
    form = client.get(url(activity)).context["form"]
    assert world.bob in form.members  # still shown, so a resave does not lose him
    client.post(url(activity), {f"status_{world.alice.pk}": "leave", f"reason_{world.alice.pk}": "病假",
                                f"status_{world.bob.pk}": "present"})
    assert recorded() == {world.alice: (S.LEAVE, "病假"), world.bob: (S.PRESENT, "")}


def test_the_secretary_of_another_branch_gets_not_found(campaign, world, login):
    activity = make_activity(campaign, world.a)
    assert login(world.sec_b).get(url(activity)).status_code == 404


@pytest.mark.parametrize("who", ["leader", "inspector"])
def test_read_only_roles_are_refused(campaign, world, login, who):
    activity = make_activity(campaign, world.a)
    client = login(getattr(world, who))
    assert client.get(url(activity)).status_code == 403
    assert client.post(url(activity), {f"status_{world.alice.pk}": "present"}).status_code == 403
    assert not Attendance.objects.exists()


def test_a_member_gets_not_found(campaign, world, login):
    activity = make_activity(campaign, world.a)
    assert login(world.alice_user).get(url(activity)).status_code == 404


def test_a_member_who_attended_sees_the_activity_but_may_not_record_it(campaign, world, login):
    activity = make_activity(campaign, world.a)
    Attendance.objects.create(activity=activity, member=world.alice, status=S.PRESENT)
    client = login(world.alice_user)
    assert client.get(url(activity)).status_code == 403
    assert client.post(url(activity), {f"status_{world.bob.pk}": "present"}).status_code == 403
    assert list(Attendance.objects.values_list("member", flat=True)) == [world.alice.pk]


def test_a_closed_campaign_refuses_attendance(campaign, world, login):
    activity = make_activity(campaign, world.a)
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    response = login(world.sec_a).post(
        url(activity), {f"status_{world.alice.pk}": "present", f"status_{world.bob.pk}": "present"}, follow=True)
    assert "专项工作已结束，记录只读" in response.content.decode()
    assert not Attendance.objects.exists()
