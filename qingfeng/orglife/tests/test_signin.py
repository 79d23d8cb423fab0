"""扫码签到: the code the secretary shows in the window, and an invitee signing in by it (and everyone who may not)."""

import datetime
import re
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from qingfeng.orglife.models import Meeting, MeetingAttendance
from qingfeng.orglife.signin import SALT, token_for
from qingfeng.orglife.tests.factories import MeetingFactory
from qingfeng.orgs.models import Role
from qingfeng.orgs.tests.factories import PASSWORD, MemberFactory, UserFactory

A = MeetingAttendance
MINUTE = datetime.timedelta(minutes=1)


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def published(org, by, invited, starts_in=-10 * MINUTE, **fields):
    """A meeting published to `invited`, starting `starts_in` from now (negative: already started), two hours long."""
    starts = timezone.now() + starts_in
    return MeetingFactory(org=org, created_by=by, invited=invited, starts_at=starts,
                          ends_at=starts + datetime.timedelta(hours=2), status=Meeting.Status.PUBLISHED,
                          published_at=starts - datetime.timedelta(days=2), **fields)


def signin_path(meeting, token=None) -> str:
    return f"{reverse('meeting_signin')}?{urlencode({'t': token if token is not None else token_for(meeting)})}"


def row_of(meeting, member):
    return A.objects.get(meeting=meeting, member=member)


@pytest.fixture
def meeting(world):
    return published(world.a, world.sec_a, [world.alice, world.bob], title="重温入党誓词")


def assert_unchanged(meeting):
    assert not A.objects.filter(meeting__org__in=[meeting.org]).exclude(signed_in_at=None).exists()
    assert not A.objects.filter(meeting=meeting).exclude(status="").exists()


# --- The code on the meeting page ---


def shown_url(page: str) -> str:
    return unescape(re.search(r'id="signin-url" href="([^"]+)"', page).group(1))


@pytest.mark.parametrize("who", ["sec_a", "admin"])
def test_its_managers_see_the_code_and_its_address_during_the_window(world, login, meeting, who):
    page = login(getattr(world, who)).get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert '<svg viewBox="0 0' in page and 'class="qf-qr"' in page
    address = shown_url(page)
    assert address.startswith("http://testserver/orglife/signin/?t=")
    assert "已签到 0 人，应到 2 人" in page
    token = parse_qs(urlsplit(address).query)["t"][0]
    assert signing.loads(token, salt=SALT)[0] == meeting.pk


@pytest.mark.parametrize("who", ["alice_user", "leader", "inspector", "discipline", "sec_b"])
def test_nobody_but_its_managers_sees_the_code(world, login, meeting, who):
    response = login(getattr(world, who)).get(reverse("meeting_detail", args=[meeting.pk]))
    assert "qf-qr" not in response.content.decode()  # alice reads the meeting, leader too; sec_b gets a 404


@pytest.mark.parametrize("starts_in, shown", [
    (29 * MINUTE, True),  # the window opens half an hour before the start
    (31 * MINUTE, False),
    (-119 * MINUTE, True),  # until the end
    (-121 * MINUTE, False),
])
def test_the_code_is_shown_inside_the_window_only(world, login, starts_in, shown):
    meeting = published(world.a, world.sec_a, [world.alice], starts_in=starts_in)
    page = login(world.sec_a).get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert ('id="meeting-signin"' in page) is shown


def test_a_draft_or_recorded_meeting_shows_no_code(world, login, meeting):
    for status in (Meeting.Status.DRAFT, Meeting.Status.HELD):
        Meeting.objects.filter(pk=meeting.pk).update(status=status)
        page = login(world.sec_a).get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
        assert "qf-qr" not in page


# --- Signing in ---


def test_the_address_shows_a_confirm_page_and_a_get_changes_nothing(world, login, meeting):
    response = login(world.alice_user).get(signin_path(meeting))
    page = response.content.decode()
    assert response.status_code == 200
    assert "重温入党誓词" in page and "张丽" in page and 'id="signin-button"' in page
    assert_unchanged(meeting)


def test_an_invitee_signs_in_as_present_with_the_time(world, login, meeting):
    response = login(world.alice_user).post(signin_path(meeting))
    assert response.url == reverse("meeting_detail", args=[meeting.pk])
    row = row_of(meeting, world.alice)
    assert row.status == A.Status.PRESENT and row.reason == ""
    assert abs(row.signed_in_at - timezone.now()) < MINUTE
    assert row.history.first().history_change_reason == "扫码签到"
    assert said(response)[-1].startswith("签到成功：重温入党誓词")
    assert row_of(meeting, world.bob).status == ""  # only hers
    page = login(world.sec_a).get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "已签到 1 人，应到 2 人" in page
    assert re.search(r"张丽</td>.*?已签到 \d\d:\d\d", page, re.S)


def test_a_granted_leave_who_comes_after_all_signs_in(world, login, meeting):
    A.objects.filter(meeting=meeting, member=world.alice).update(
        status=A.Status.LEAVE, reason="外出培训", leave_status=A.Leave.GRANTED, leave_reason="外出培训")
    login(world.alice_user).post(signin_path(meeting))
    row = row_of(meeting, world.alice)
    assert (row.status, row.reason) == (A.Status.PRESENT, "")


def test_signing_in_twice_changes_nothing_and_says_so(world, login, meeting):
    client = login(world.alice_user)
    client.post(signin_path(meeting))
    first = row_of(meeting, world.alice)
    versions = first.history.count()
    response = client.post(signin_path(meeting))
    assert said(response)[-1].startswith("您已于") and "无需重复签到" in said(response)[-1]
    again = row_of(meeting, world.alice)
    assert again.signed_in_at == first.signed_in_at and again.history.count() == versions
    page = client.get(signin_path(meeting)).content.decode()
    assert "您已于" in page and 'id="signin-button"' not in page


def test_an_expired_code_is_refused(world, login, meeting, monkeypatch):
    address = signin_path(meeting)
    later = meeting.ends_at + MINUTE
    monkeypatch.setattr(timezone, "now", lambda: later)
    for method in ("get", "post"):
        response = getattr(login(world.alice_user), method)(address)
        assert response.status_code == 200
        assert "签到码已过期" in response.content.decode()
    assert_unchanged(meeting)


def test_the_code_expires_with_the_meeting_it_was_made_for(world, login, meeting):
    """Rescheduled to a later day, the meeting's old code (shown on the old day) no longer signs anyone in."""
    old = signin_path(meeting)
    Meeting.objects.filter(pk=meeting.pk).update(ends_at=meeting.ends_at + datetime.timedelta(days=1))
    stale = signing.dumps([meeting.pk, int((timezone.now() - MINUTE).timestamp())], salt=SALT)
    response = login(world.alice_user).post(signin_path(meeting, stale))
    assert "签到码已过期" in response.content.decode()
    assert old != signin_path(Meeting.objects.get(pk=meeting.pk))  # the page shows a new one
    assert_unchanged(meeting)


@pytest.mark.parametrize("forge", [
    lambda m: "",
    lambda m: "not-a-token",
    lambda m: signing.dumps([m.pk, 4102444800], salt="qingfeng.other"),  # another signed value of the site
    lambda m: signing.dumps([m.pk, 4102444800], salt=SALT, key="not-the-secret-key"),
    lambda m: token_for(m)[:-3] + "abc",
    lambda m: signing.dumps({"meeting": m.pk}, salt=SALT),  # signed, but not a sign-in code's shape
])
def test_a_forged_code_is_refused(world, login, meeting, forge):
    for method in ("get", "post"):
        response = getattr(login(world.alice_user), method)(signin_path(meeting, forge(meeting)))
        assert response.status_code == 200
        assert "签到码无效" in response.content.decode()
    assert_unchanged(meeting)


def test_another_meetings_code_signs_nobody_into_it(world, login, meeting):
    """alice's own meeting is open; the code she scans is branch B's (or one of branch A she is not invited to)."""
    other_branch = published(world.b, world.sec_b, [world.carol], title="二中主题党日")
    not_hers = published(world.a, world.sec_a, [world.bob], title="支委会")
    for other in (other_branch, not_hers):
        page = login(world.alice_user).post(signin_path(other)).content.decode()
        assert "您不在本次会议的参会人员名单中" in page
        assert other.title not in page  # nothing of a meeting she may not read
    assert_unchanged(meeting)
    assert not A.objects.exclude(signed_in_at=None).exists()


@pytest.mark.parametrize("who", ["sec_a", "leader", "someone"])
def test_a_login_not_invited_is_refused(world, login, meeting, who):
    if who == "someone":  # a member of branch A with a login, not invited
        user = UserFactory(username="zhao", role=Role.Kind.MEMBER, org=world.a)
        MemberFactory(org=world.a, name="赵敏", user=user)
    else:
        user = getattr(world, who)
    for method in ("get", "post"):
        page = getattr(login(user), method)(signin_path(meeting)).content.decode()
        assert "您不在本次会议的参会人员名单中" in page and 'id="signin-button"' not in page
    assert_unchanged(meeting)


def test_before_the_window_opens_nobody_signs_in(world, login):
    meeting = published(world.a, world.sec_a, [world.alice], starts_in=31 * MINUTE)
    response = login(world.alice_user).post(signin_path(meeting))
    assert "签到尚未开始" in response.content.decode()
    assert_unchanged(meeting)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.DRAFT, starts_at=timezone.now())
    response = login(world.alice_user).post(signin_path(meeting))
    assert "您不在本次会议的参会人员名单中" in response.content.decode()  # a draft is nobody's to read
    assert_unchanged(meeting)


def test_a_recorded_meeting_takes_no_more_signins(world, login, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    response = login(world.alice_user).post(signin_path(meeting))
    assert "签到已结束" in response.content.decode()
    assert_unchanged(meeting)


def test_not_logged_in_logs_in_and_comes_back_to_the_code(world, client, meeting):
    address = signin_path(meeting)
    response = client.get(address)
    assert response.status_code == 302
    login_page = urlsplit(response.url)
    assert login_page.path == reverse("login")
    response = client.get(response.url)
    nxt = response.context["next"]
    assert nxt == address
    response = client.post(response.wsgi_request.get_full_path(),
                           {"username": "alice", "password": PASSWORD, "next": nxt})
    assert response.url == address
    assert 'id="signin-button"' in client.get(address).content.decode()
    assert_unchanged(meeting)


def test_signing_in_costs_the_same_queries_whoever_is_invited(world, login, meeting, django_assert_num_queries):
    client = login(world.alice_user)
    client.get(signin_path(meeting))  # warm: the session
    with django_assert_num_queries(6):
        client.get(signin_path(meeting))
    for n in range(5):
        MemberFactory(org=world.a, name=f"新党员{n}")
    with django_assert_num_queries(6):
        client.get(signin_path(meeting))


# --- The secretary's record after the meeting ---


def test_the_record_form_shows_who_signed_in_as_present(world, login, meeting):
    login(world.alice_user).post(signin_path(meeting))
    page = login(world.sec_a).get(reverse("meeting_record", args=[meeting.pk])).content.decode()
    alice, bob = attendee(page, world.alice), attendee(page, world.bob)
    assert re.search(r"扫码签到 \d\d:\d\d", alice) and "扫码签到" not in bob
    assert re.search(r'value="present"[^>]*checked', alice)
    # the room signed in by the code: who did not is 缺席 until the secretary says otherwise
    assert re.search(r'value="absent"[^>]*checked', bob) and not re.search(r'value="present"[^>]*checked', bob)


def test_without_any_sign_in_the_record_form_defaults_everyone_to_present(world, login, meeting):
    page = login(world.sec_a).get(reverse("meeting_record", args=[meeting.pk])).content.decode()
    assert re.search(r'value="present"[^>]*checked', attendee(page, world.bob))


def attendee(page: str, member) -> str:
    """The record form's row of `member`."""
    start = page.index(f'id="attendee-{member.pk}"')
    return page[start:page.index("</li>", start)]


def test_the_secretary_still_marks_attendance_by_hand(world, login, meeting):
    login(world.alice_user).post(signin_path(meeting))
    data = {f"status_{world.alice.pk}": "absent", f"reason_{world.alice.pk}": "签到后离场",
            f"status_{world.bob.pk}": "present", f"reason_{world.bob.pk}": "", "minutes": "会议记录"}
    response = login(world.sec_a).post(reverse("meeting_record", args=[meeting.pk]), data)
    assert response.status_code == 302
    alice, bob = row_of(meeting, world.alice), row_of(meeting, world.bob)
    assert (alice.status, alice.reason) == (A.Status.ABSENT, "签到后离场") and alice.signed_in_at
    assert bob.status == A.Status.PRESENT and bob.signed_in_at is None
