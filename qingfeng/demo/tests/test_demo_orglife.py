"""The demo's 组织生活: every branch has meetings in every state, and the demo people see their part."""

from django.urls import reverse

from qingfeng.demo.orglife import load_orglife_demo
from qingfeng.orglife.models import Meeting, MeetingAttendance
from qingfeng.orgs.models import Org


def test_every_branch_has_meetings_in_every_state(demo):
    branches = Org.objects.filter(kind=Org.Kind.BRANCH, members__isnull=False).distinct()
    assert branches.exists()
    for branch in branches:
        states = set(Meeting.objects.filter(org=branch).values_list("status", flat=True))
        assert states == set(Meeting.Status.values), branch.name
        assert MeetingAttendance.objects.filter(meeting__org=branch, leave_status="pending").exists()


def test_held_meetings_have_attendance_and_minutes(demo):
    held = Meeting.objects.filter(status=Meeting.Status.HELD)
    assert held.exists() and not held.filter(minutes="").exists()
    assert not MeetingAttendance.objects.filter(meeting__in=held, status="").exists()
    statuses = set(MeetingAttendance.objects.filter(meeting__in=held).values_list("status", flat=True))
    assert {"present", "leave"} <= statuses
    assert not MeetingAttendance.objects.filter(meeting__in=held, status="leave", reason="").exists()


def test_loading_twice_adds_nothing(demo):
    count = Meeting.objects.count()
    assert load_orglife_demo() is False
    assert Meeting.objects.count() == count


def test_the_secretary_sees_a_leave_to_decide_and_the_member_may_ask_for_one(demo, client):
    client.force_login(Org.objects.get(name="县第一中学党支部").roles.get(kind="secretary").user)
    meeting = Meeting.objects.get(org__name="县第一中学党支部", status=Meeting.Status.PUBLISHED)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "待审批的请假" in page
    client.force_login(meeting.attendance.get(member__user__username="dangyuan").member.user)
    page = client.get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "申请请假" in page
    listing = client.get(reverse("meeting_list")).content.decode()
    assert meeting.title in listing
