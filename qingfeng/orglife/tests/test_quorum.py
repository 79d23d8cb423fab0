"""法定人数: a 支部党员大会 needs more than half of the 正式党员, a 支委会 more than half of the 支委; below quorum
the recorded meeting is flagged (on its page and in the list) and `quorum_met` is False."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from qingfeng.orglife.models import Meeting, MeetingAttendance
from qingfeng.orglife.quorum import Quorum, committee, quorum
from qingfeng.orglife.tests.factories import MeetingFactory
from qingfeng.orglife.workflow import meeting_workflow
from qingfeng.orgs.models import Member
from qingfeng.orgs.tests.factories import MemberFactory

A = MeetingAttendance
K = Meeting.Kind
FULL, PROBATIONARY = Member.Category.FULL, Member.Category.PROBATIONARY


def members(org, n, **fields) -> list:
    return [MemberFactory(org=org, **fields) for _ in range(n)]


def held_yesterday(world, kind, present, others=(), observers=()) -> Meeting:
    """A meeting of branch A recorded through the workflow: `present` 出席, `others` 缺席, `observers` 列席."""
    starts = timezone.now() - datetime.timedelta(days=1)
    meeting = MeetingFactory(org=world.a, created_by=world.sec_a, kind=kind, starts_at=starts,
                             invited=[*present, *others, *observers])
    meeting_workflow.perform(world.sec_a, meeting, "publish")
    for group, status in ((present, A.Status.PRESENT), (others, A.Status.ABSENT), (observers, A.Status.OBSERVER)):
        A.objects.filter(meeting=meeting, member__in=group).update(status=status)
    return meeting_workflow.perform(world.sec_a, meeting, "record")


@pytest.fixture
def assembly_branch(world):
    """Branch A with 6 正式党员 (alice and bob among them), 2 预备党员 and one 正式党员 no longer on the roll."""
    full = [world.alice, world.bob, *members(world.a, 4)]
    probationary = members(world.a, 2, category=PROBATIONARY)
    gone = MemberFactory(org=world.a, is_active=False)
    return full, probationary, gone


# --- 支部党员大会 ---


def test_an_assembly_with_more_than_half_of_the_full_members_is_quorate(world, assembly_branch):
    full, probationary, _ = assembly_branch
    meeting = held_yesterday(world, K.GENERAL_ASSEMBLY, full[:4], full[4:])
    assert quorum(meeting) == Quorum(expected=6, present=4, met=True)
    assert meeting.quorum_met is True


def test_exactly_half_is_not_a_quorum(world, assembly_branch):
    full, _, _ = assembly_branch
    meeting = held_yesterday(world, K.GENERAL_ASSEMBLY, full[:3], full[3:])
    assert quorum(meeting) == Quorum(expected=6, present=3, met=False)
    assert meeting.quorum_met is False
    assert quorum(meeting).needed == 4


def test_probationary_members_neither_count_nor_make_the_quorum(world, assembly_branch):
    full, probationary, _ = assembly_branch
    meeting = held_yesterday(world, K.GENERAL_ASSEMBLY, [*full[:3], *probationary], full[3:])
    assert quorum(meeting) == Quorum(expected=6, present=3, met=False)  # five there, three of them with a vote


def test_members_off_the_roll_are_not_expected(world, assembly_branch):
    full, _, gone = assembly_branch
    meeting = held_yesterday(world, K.GENERAL_ASSEMBLY, [*full[:3], gone], full[3:])
    assert quorum(meeting) == Quorum(expected=6, present=3, met=False)
    Member.objects.filter(pk=full[5].pk).update(is_active=False)  # one fewer on the roll: 3 of 5 is a majority
    assert quorum(meeting) == Quorum(expected=5, present=3, met=True)


def test_observers_are_there_without_a_vote(world, assembly_branch):
    full, _, _ = assembly_branch
    meeting = held_yesterday(world, K.GENERAL_ASSEMBLY, full[:3], full[5:], observers=full[3:5])
    assert quorum(meeting).present == 3 and meeting.quorum_met is False


def test_another_branchs_members_are_not_expected(world, assembly_branch):
    members(world.b, 10)
    full, _, _ = assembly_branch
    assert quorum(held_yesterday(world, K.GENERAL_ASSEMBLY, full[:4], full[4:])).expected == 6


# --- 支委会 ---


@pytest.fixture
def committee_of_three(world):
    posts = (Member.CommitteePost.SECRETARY, Member.CommitteePost.ORGANIZATION, Member.CommitteePost.PROPAGANDA)
    return [MemberFactory(org=world.a, committee_post=post) for post in posts]


def test_a_committee_meeting_counts_the_committee(world, committee_of_three):
    meeting = held_yesterday(world, K.COMMITTEE, [*committee_of_three[:2], world.alice], committee_of_three[2:])
    assert quorum(meeting) == Quorum(expected=3, present=2, met=True)  # alice is there, not on the committee
    assert meeting.quorum_met is True


def test_a_committee_at_half_is_below_quorum(world, committee_of_three):
    fourth = MemberFactory(org=world.a, committee_post=Member.CommitteePost.DISCIPLINE)
    MemberFactory(org=world.a, committee_post=Member.CommitteePost.OTHER, is_active=False)  # left: not counted
    meeting = held_yesterday(world, K.COMMITTEE, [*committee_of_three[:2], world.alice, world.bob],
                             [committee_of_three[2], fourth])
    assert quorum(meeting) == Quorum(expected=4, present=2, met=False)
    assert meeting.quorum_met is False


def test_a_committee_never_registered_cannot_be_checked(world):
    meeting = held_yesterday(world, K.COMMITTEE, [world.alice, world.bob])
    assert quorum(meeting) == Quorum(expected=0, present=0, met=None)
    assert meeting.quorum_met is None


def test_the_committee_is_the_orgs_own(world, committee_of_three):
    MemberFactory(org=world.b, committee_post=Member.CommitteePost.SECRETARY)
    assert set(committee(world.a)) == set(committee_of_three)


# --- Other kinds ---


def test_other_kinds_have_no_quorum(world):
    meeting = held_yesterday(world, K.THEME_DAY, [world.alice], [world.bob])
    assert quorum(meeting) == Quorum(expected=2, present=1, met=None)
    assert meeting.quorum_met is None


# --- Where the flag is set again, and shown ---


def record(client, meeting, statuses: dict):
    data = {"minutes": "会议记录"}
    for member, status in statuses.items():
        data[f"status_{member.pk}"], data[f"reason_{member.pk}"] = status, "" if status == "present" else "出差"
    return client.post(reverse("meeting_record", args=[meeting.pk]), data)


def test_recording_and_editing_the_record_sets_the_flag(world, login, assembly_branch):
    full, _, _ = assembly_branch
    starts = timezone.now() - datetime.timedelta(hours=3)
    meeting = MeetingFactory(org=world.a, created_by=world.sec_a, kind=K.GENERAL_ASSEMBLY, starts_at=starts,
                             invited=full)
    meeting_workflow.perform(world.sec_a, meeting, "publish")
    client = login(world.sec_a)
    record(client, meeting, {m: "present" if i < 3 else "absent" for i, m in enumerate(full)})
    meeting.refresh_from_db()
    assert (meeting.status, meeting.quorum_met) == (Meeting.Status.HELD, False)
    record(client, meeting, {m: "present" if i < 4 else "absent" for i, m in enumerate(full)})
    meeting.refresh_from_db()
    assert meeting.quorum_met is True


def test_making_a_held_meeting_another_kind_sets_the_flag_again(world, login, assembly_branch):
    full, _, _ = assembly_branch
    meeting = held_yesterday(world, K.THEME_DAY, full[:2], full[2:])
    assert meeting.quorum_met is None
    local = timezone.localtime(meeting.starts_at)
    data = {"kind": K.GENERAL_ASSEMBLY, "title": meeting.title, "place": meeting.place, "hours": "1",
            "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (local + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")}
    assert login(world.sec_a).post(reverse("meeting_edit", args=[meeting.pk]), data).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.kind, meeting.quorum_met) == (K.GENERAL_ASSEMBLY, False)


def test_the_page_and_the_list_flag_a_meeting_below_quorum(world, login, assembly_branch):
    full, _, _ = assembly_branch
    below = held_yesterday(world, K.GENERAL_ASSEMBLY, full[:3], full[3:])
    client = login(world.sec_a)
    page = client.get(reverse("meeting_detail", args=[below.pk])).content.decode()
    assert "应到 6，实到 3" in page and "至少 4 人" in page
    assert "未达到法定人数，本次会议不计入组织生活合规" in page
    listing = client.get(reverse("meeting_list")).content.decode()
    assert listing.count("未达法定人数") == 1


def test_a_quorate_meeting_says_so_and_a_member_sees_no_counts(world, login, assembly_branch):
    full, _, _ = assembly_branch
    meeting = held_yesterday(world, K.GENERAL_ASSEMBLY, full[:4], full[4:])
    page = login(world.sec_a).get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "达到法定人数" in page and "未达到法定人数" not in page
    assert "未达法定人数" not in login(world.sec_a).get(reverse("meeting_list")).content.decode()
    assert 'id="meeting-quorum"' not in login(world.alice_user).get(
        reverse("meeting_detail", args=[meeting.pk])).content.decode()
