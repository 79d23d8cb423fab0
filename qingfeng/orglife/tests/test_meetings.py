"""组织生活: drafting a meeting with its invitees, publishing it, 请假 asked and decided, the record after it."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from qingfeng.core.models import Notification
from qingfeng.orglife.forms import RecordForm
from qingfeng.orglife.models import Meeting, MeetingAttendance
from qingfeng.orglife.services import record_meeting
from qingfeng.orglife.tests.factories import MeetingFactory
from qingfeng.orglife.workflow import meeting_workflow
from qingfeng.orgs.tests.factories import MemberFactory

A = MeetingAttendance


def local(dt: datetime.datetime) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def form_data(org, **overrides):
    starts = timezone.now() + datetime.timedelta(days=3)
    return {"org": org.pk, "kind": Meeting.Kind.THEME_DAY, "title": "重温入党誓词", "starts_at": local(starts),
            "ends_at": local(starts + datetime.timedelta(hours=2)), "place": "党员活动室", "agenda": "一、重温入党誓词",
            "notice": "请佩戴党员徽章。", "invite": "all", **overrides}


def said(response) -> list[str]:
    """The messages the response carries (with any left from an earlier request in the same session)."""
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def meeting(world):
    return MeetingFactory(org=world.a, created_by=world.sec_a, invited=[world.alice, world.bob])


# --- Drafting ---


def test_a_secretary_drafts_a_meeting_for_the_whole_branch(world, login):
    response = login(world.sec_a).post(reverse("meeting_create"), form_data(world.a))
    meeting = Meeting.objects.get()
    assert response.url == reverse("meeting_detail", args=[meeting.pk])
    assert (meeting.org, meeting.status, meeting.created_by) == (world.a, Meeting.Status.DRAFT, world.sec_a)
    assert set(meeting.attendance.values_list("member__name", flat=True)) == {"张丽", "王强"}
    assert not Notification.objects.exists()  # a draft tells nobody
    assert meeting.history.first().history_change_reason == "起草会议"


def test_the_members_to_tick_are_in_pinyin_order(world, login):
    MemberFactory(org=world.a, name="艾青")
    page = login(world.sec_a).get(reverse("meeting_create")).content.decode()
    assert page.index("艾青") < page.index("王强") < page.index("张丽")


def test_a_group_invites_its_members_only(world, login):
    login(world.sec_a).post(reverse("meeting_create"), form_data(world.a, invite="group", group=world.a1.pk,
                                                                  kind=Meeting.Kind.GROUP))
    assert list(Meeting.objects.get().attendance.values_list("member__name", flat=True)) == ["张丽"]


def test_chosen_members_are_the_ones_ticked(world, login):
    login(world.sec_a).post(reverse("meeting_create"), form_data(world.a, invite="chosen", members=[world.bob.pk]))
    assert list(Meeting.objects.get().attendance.values_list("member__name", flat=True)) == ["王强"]


@pytest.mark.parametrize("overrides, field, message", [
    ({"ends_at": "2020-01-01T08:00"}, "ends_at", "结束时间须晚于开始时间"),
    ({"invite": "chosen"}, "members", "请至少选择一名参会人员"),
    ({"invite": "group"}, "group", "请选择党小组"),
    ({"title": ""}, "title", ""),
    ({"starts_at": "明天"}, "starts_at", ""),
])
def test_bad_input_names_the_field_and_saves_nothing(world, login, overrides, field, message):
    response = login(world.sec_a).post(reverse("meeting_create"), form_data(world.a, **overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in " ".join(response.context["form"].errors[field])
    assert not Meeting.objects.exists() and not A.objects.exists()


def test_another_branchs_member_cannot_be_invited(world, login):
    response = login(world.sec_a).post(reverse("meeting_create"),
                                       form_data(world.a, invite="chosen", members=[world.carol.pk]))
    assert "members" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_a_secretary_cannot_draft_for_another_branch(world, login):
    response = login(world.sec_b).post(reverse("meeting_create"), form_data(world.a))
    assert "org" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_a_draft_is_its_managers_alone(world, login, meeting):
    assert login(world.alice_user).get(reverse("meeting_detail", args=[meeting.pk])).status_code == 404
    assert login(world.leader).get(reverse("meeting_detail", args=[meeting.pk])).status_code == 404
    assert login(world.sec_a).get(reverse("meeting_detail", args=[meeting.pk])).status_code == 200


def test_editing_a_draft_changes_the_invitees(world, login, meeting):
    data = form_data(world.a, title="改期", invite="chosen", members=[world.alice.pk])
    login(world.sec_a).post(reverse("meeting_edit", args=[meeting.pk]), data)
    meeting.refresh_from_db()
    assert meeting.title == "改期"
    assert list(meeting.attendance.values_list("member__name", flat=True)) == ["张丽"]


def test_a_published_meetings_invitees_stay(world, login, meeting):
    meeting_workflow.perform(world.sec_a, meeting, "publish")
    data = form_data(world.a, title="改地点", invite="chosen", members=[world.alice.pk])
    login(world.sec_a).post(reverse("meeting_edit", args=[meeting.pk]), data)
    meeting.refresh_from_db()
    assert meeting.title == "改地点"
    assert meeting.attendance.count() == 2


# --- Publishing ---


def test_publishing_tells_every_invitee_with_the_notice(world, login, meeting, django_capture_on_commit_callbacks):
    world.alice_user.email = "alice@example.cn"
    world.alice_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.sec_a).post(reverse("meeting_action", args=[meeting.pk]), {"action": "publish"})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED and meeting.published_at
    assert "已发布会议通知" in said(response)[-1]
    told = Notification.objects.get()
    assert told.user == world.alice_user  # bob has no login
    assert meeting.title in told.title and "请携带党员证" in told.body
    assert told.url == reverse("meeting_detail", args=[meeting.pk])
    assert [m.to for m in mail.outbox] == [["alice@example.cn"]]
    assert login(world.alice_user).get(told.url).status_code == 200


def test_a_meeting_without_invitees_is_not_published(world, login):
    meeting = MeetingFactory(org=world.a, created_by=world.sec_a)
    response = login(world.sec_a).post(reverse("meeting_action", args=[meeting.pk]), {"action": "publish"})
    assert said(response)[-1] == "请先选择参会人员再发布"
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT


@pytest.mark.parametrize("who, status", [("alice_user", 404), ("sec_b", 404), ("leader", 404)])
def test_only_its_managers_publish(world, login, meeting, who, status):
    response = login(getattr(world, who)).post(reverse("meeting_action", args=[meeting.pk]), {"action": "publish"})
    assert response.status_code == status
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DRAFT


# --- 请假 ---


@pytest.fixture
def published(world, meeting):
    return meeting_workflow.perform(world.sec_a, meeting, "publish")


def test_an_invitee_asks_for_leave_and_the_secretary_grants_it(world, login, published):
    Notification.objects.all().delete()
    response = login(world.alice_user).post(reverse("meeting_leave", args=[published.pk]), {"reason": "外出培训"})
    assert said(response)[-1] == "已提交请假申请，等待书记审批"
    row = A.objects.get(meeting=published, member=world.alice)
    assert (row.leave_status, row.leave_reason, row.status) == (A.Leave.PENDING, "外出培训", "")
    assert row.leave_requested_at
    asked = Notification.objects.get()
    assert asked.user == world.sec_a and "张丽请假" in asked.title and "外出培训" in asked.body

    response = login(world.sec_a).post(reverse("leave_decide", args=[row.pk]), {"decision": "grant"})
    assert said(response)[-1] == "已准假：张丽，已通知本人"
    row.refresh_from_db()
    assert (row.leave_status, row.status, row.reason, row.leave_decided_by) == (
        A.Leave.GRANTED, A.Status.LEAVE, "外出培训", world.sec_a)
    told = Notification.objects.get(user=world.alice_user)
    assert "请假已批准" in told.title
    page = login(world.alice_user).get(reverse("meeting_detail", args=[published.pk])).content.decode()
    assert "请假（外出培训）" in page


def test_a_refused_leave_is_told_and_changes_no_attendance(world, login, published):
    row = A.objects.get(meeting=published, member=world.alice)
    login(world.alice_user).post(reverse("meeting_leave", args=[published.pk]), {"reason": "家中有事"})
    login(world.sec_a).post(reverse("leave_decide", args=[row.pk]), {"decision": "refuse"})
    row.refresh_from_db()
    assert (row.leave_status, row.status) == (A.Leave.REFUSED, "")
    assert "请假未批准" in Notification.objects.filter(user=world.alice_user).latest("pk").title
    # decided once: a second decision is refused and changes nothing
    response = login(world.sec_a).post(reverse("leave_decide", args=[row.pk]), {"decision": "grant"})
    assert said(response)[-1] == "该请假申请已处理"
    row.refresh_from_db()
    assert row.leave_status == A.Leave.REFUSED


@pytest.mark.parametrize("decision", [None, "", "maybe"])
def test_a_decision_neither_grant_nor_refuse_decides_nothing(world, login, published, decision):
    row = A.objects.get(meeting=published, member=world.alice)
    login(world.alice_user).post(reverse("meeting_leave", args=[published.pk]), {"reason": "家中有事"})
    Notification.objects.all().delete()
    data = {} if decision is None else {"decision": decision}
    response = login(world.sec_a).post(reverse("leave_decide", args=[row.pk]), data)
    assert response.url == reverse("meeting_detail", args=[published.pk])
    assert said(response)[-1] == "未处理请假：请选择准假或不准假"
    row.refresh_from_db()
    assert (row.leave_status, row.status, row.leave_decided_by) == (A.Leave.PENDING, "", None)
    assert not Notification.objects.exists()


def test_leave_without_a_reason_is_refused(world, login, published):
    response = login(world.alice_user).post(reverse("meeting_leave", args=[published.pk]), {"reason": "  "})
    assert said(response)[-1] == "未提交请假：请填写请假事由"
    assert A.objects.get(meeting=published, member=world.alice).leave_status == ""


def test_leave_after_the_start_is_refused_with_a_clear_message(world, login, published):
    Meeting.objects.filter(pk=published.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=1))
    response = login(world.alice_user).post(reverse("meeting_leave", args=[published.pk]), {"reason": "迟到"})
    assert said(response)[-1] == "会议已开始，不能再请假；如有特殊情况请直接联系书记"
    assert A.objects.get(meeting=published, member=world.alice).leave_status == ""


def test_leave_on_a_draft_is_not_found(world, login, meeting):
    response = login(world.alice_user).post(reverse("meeting_leave", args=[meeting.pk]), {"reason": "出差"})
    assert response.status_code == 404


@pytest.mark.parametrize("who, status", [("leader", 403), ("sec_a", 403)])
def test_who_is_not_invited_asks_no_leave(world, login, published, who, status):
    response = login(getattr(world, who)).post(reverse("meeting_leave", args=[published.pk]), {"reason": "出差"})
    assert response.status_code == status
    assert not A.objects.exclude(leave_status="").exists()


def test_forged_ids_reveal_nothing(world, login, published):
    other = MeetingFactory(org=world.b, created_by=world.sec_b, invited=[world.carol])
    meeting_workflow.perform(world.sec_b, other, "publish")
    row = A.objects.get(meeting=published, member=world.alice)
    login(world.alice_user).post(reverse("meeting_leave", args=[published.pk]), {"reason": "出差"})
    # another branch's secretary, the member herself, a leader: none decides
    assert login(world.sec_b).post(reverse("leave_decide", args=[row.pk]), {"decision": "grant"}).status_code == 404
    assert login(world.alice_user).post(reverse("leave_decide", args=[row.pk]),
                                        {"decision": "grant"}).status_code == 403
    assert login(world.leader).post(reverse("leave_decide", args=[row.pk]), {"decision": "grant"}).status_code == 403
    row.refresh_from_db()
    assert row.leave_status == A.Leave.PENDING
    # a meeting she is not invited to
    assert login(world.alice_user).post(reverse("meeting_leave", args=[other.pk]),
                                        {"reason": "出差"}).status_code == 404
    assert login(world.sec_a).get(reverse("meeting_record", args=[other.pk])).status_code == 404


# --- The record after the meeting ---


def record_data(rows: dict, minutes="学习了党章。", decisions=""):
    data = {"minutes": minutes, "decisions": decisions}
    for member, (status, reason) in rows.items():
        data[f"status_{member.pk}"], data[f"reason_{member.pk}"] = status, reason
    return data


def test_attendance_is_recorded_after_the_start_only(world, login, published):
    response = login(world.sec_a).get(reverse("meeting_record", args=[published.pk]))
    assert response.status_code == 302
    assert said(response)[-1] == "会议尚未发布或尚未开始，开始后才能登记出勤和会议记录"


def test_the_secretary_records_attendance_and_minutes(world, login, published):
    Meeting.objects.filter(pk=published.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    url = reverse("meeting_record", args=[published.pk])
    client = login(world.sec_a)
    response = client.post(url, record_data({world.alice: ("leave", ""), world.bob: ("present", "")}))
    assert "「张丽」请假，请填写请假原因" in response.context["form"].errors[f"reason_{world.alice.pk}"]
    assert Meeting.objects.get(pk=published.pk).status == Meeting.Status.PUBLISHED

    response = client.post(url, record_data({world.alice: ("leave", "外出培训"), world.bob: ("absent", "")},
                                            decisions="开展志愿服务"))
    assert "应到 2 人，出席 0 人，列席 0 人，请假 1 人，缺席 1 人" in said(response)[-1]
    published.refresh_from_db()
    assert (published.status, published.minutes, published.decisions) == (
        Meeting.Status.HELD, "学习了党章。", "开展志愿服务")
    assert dict(published.attendance.values_list("member__name", "status")) == {"张丽": "leave", "王强": "absent"}
    page = client.get(reverse("meeting_detail", args=[published.pk])).content.decode()
    assert "请假（外出培训）" in page and "学习了党章。" in page


def test_a_second_save_at_once_updates_the_record_instead_of_failing(world, login, published):
    """A double tap on 保存: the second request read the meeting 已发布 before the first one committed; under the
    lock it finds it 已召开 and saves its record as an edit (it was a WorkflowError, a 500)."""
    Meeting.objects.filter(pk=published.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    stale = Meeting.objects.get(pk=published.pk)
    rows = {world.alice: ("present", ""), world.bob: ("present", "")}
    login(world.sec_a).post(reverse("meeting_record", args=[published.pk]), record_data(rows, minutes="第一次"))
    form = RecordForm(record_data(rows, minutes="第二次"), meeting=stale,
                      rows=stale.attendance.select_related("member").order_by("member__name_pinyin"))
    assert form.is_valid()
    record_meeting(world.sec_a, stale, form)
    published.refresh_from_db()
    assert (published.status, published.minutes) == (Meeting.Status.HELD, "第二次")


def test_a_granted_leave_is_the_forms_default(world, login, published):
    row = A.objects.get(meeting=published, member=world.alice)
    login(world.alice_user).post(reverse("meeting_leave", args=[published.pk]), {"reason": "外出培训"})
    login(world.sec_a).post(reverse("leave_decide", args=[row.pk]), {"decision": "grant"})
    Meeting.objects.filter(pk=published.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    form = login(world.sec_a).get(reverse("meeting_record", args=[published.pk])).context["form"]
    assert form[f"status_{world.alice.pk}"].value() == "leave"
    assert form[f"reason_{world.alice.pk}"].value() == "外出培训"
    assert form[f"status_{world.bob.pk}"].value() == "present"


def test_the_minutes_are_required(world, login, published):
    Meeting.objects.filter(pk=published.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    response = login(world.sec_a).post(reverse("meeting_record", args=[published.pk]),
                                       record_data({world.alice: ("present", ""), world.bob: ("present", "")},
                                                   minutes=""))
    assert response.context["form"].errors["minutes"] == ["请填写会议记录"]
    assert Meeting.objects.get(pk=published.pk).status == Meeting.Status.PUBLISHED


def test_an_invitee_reads_her_own_attendance_only(world, login, published):
    page = login(world.alice_user).get(reverse("meeting_detail", args=[published.pk])).content.decode()
    assert "我的出勤" in page and "张丽" in page and "王强" not in page
    assert "申请请假" in page and "meeting-edit" not in page


# --- The list ---


def test_the_list_filters_by_org_kind_and_month(world, login, published):
    MeetingFactory(org=world.b, created_by=world.sec_b, kind=Meeting.Kind.COMMITTEE, title="二中支委会")
    client = login(world.admin)
    assert "二中支委会" in client.get(reverse("meeting_list")).content.decode()
    page = client.get(reverse("meeting_list"), {"org": world.a.pk}).content.decode()
    assert published.title in page and "二中支委会" not in page
    page = client.get(reverse("meeting_list"), {"kind": Meeting.Kind.COMMITTEE}).content.decode()
    assert published.title not in page and "二中支委会" in page
    month = timezone.localtime(published.starts_at).month
    other_month = month % 12 + 1
    assert published.title in client.get(reverse("meeting_list"), {"month": month}).content.decode()
    assert published.title not in client.get(reverse("meeting_list"), {"month": other_month}).content.decode()


def test_a_member_lists_the_published_meetings_she_is_invited_to(world, login, published):
    MeetingFactory(org=world.a, created_by=world.sec_a, title="未发布的会", invited=[world.alice])
    MeetingFactory(org=world.a, created_by=world.sec_a, title="没请她的会", invited=[world.bob],
                   status=Meeting.Status.PUBLISHED)
    page = login(world.alice_user).get(reverse("meeting_list")).content.decode()
    assert published.title in page and "未发布的会" not in page and "没请她的会" not in page
    assert "新建会议" not in page


def test_the_meeting_page_reads_its_times_as_on_paper(world, login):
    starts = timezone.make_aware(datetime.datetime(2026, 10, 17, 14, 5))
    meeting = MeetingFactory(org=world.a, created_by=world.sec_a, starts_at=starts,
                             ends_at=starts + datetime.timedelta(hours=2))
    page = login(world.sec_a).get(reverse("meeting_detail", args=[meeting.pk])).content.decode()
    assert "2026年10月17日 14:05 至 2026年10月17日 16:05" in page


# --- Photos and files ---

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00"
       b"\x00\x0cIDAT\x08\xd7c\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\x18\xdd\x8d\xb0\x00\x00\x00\x00IEND\xaeB`\x82")


def test_photos_are_checked_by_content_and_served_to_who_sees_the_meeting(world, login, published):
    from django.core.files.uploadedfile import SimpleUploadedFile

    Meeting.objects.filter(pk=published.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    url = reverse("meeting_record", args=[published.pk])
    rows = {world.alice: ("present", ""), world.bob: ("present", "")}
    client = login(world.sec_a)
    fake = SimpleUploadedFile("现场.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(url, {**record_data(rows), "files": [fake]})
    assert "文件「现场.jpg」不是允许的类型" in " ".join(response.context["form"].errors["files"])
    published.refresh_from_db()
    assert published.status == Meeting.Status.PUBLISHED and not published.files.exists()

    photo = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    client.post(url, {**record_data(rows), "files": [photo]})
    upload = published.files.get()
    assert (upload.original_name, upload.content_type) == ("现场.png", "image/png")
    assert "现场.png" in client.get(reverse("meeting_detail", args=[published.pk])).content.decode()
    address = reverse("meeting_file", args=[upload.pk])
    assert login(world.alice_user).get(address).status_code == 200  # invited
    assert login(world.sec_b).get(address).status_code == 404


def test_observer_needs_no_reason_and_a_bad_status_is_named(world, login, published):
    Meeting.objects.filter(pk=published.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    url = reverse("meeting_record", args=[published.pk])
    client = login(world.sec_a)
    response = client.post(url, record_data({world.alice: ("maybe", ""), world.bob: ("present", "")}))
    assert response.context["form"].errors[f"status_{world.alice.pk}"] == [
        "「张丽」的出勤情况只能是出席、请假、缺席或列席"]
    client.post(url, record_data({world.alice: ("observer", "旁听"), world.bob: ("present", "")}))
    row = A.objects.get(meeting=published, member=world.alice)
    assert (row.status, row.reason) == ("observer", "")
