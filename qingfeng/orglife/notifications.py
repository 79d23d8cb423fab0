"""Who is told what about a meeting (bell and email through core's `notify`, which drops anyone who may
not see the meeting).

发布 → every invitee with a login, with the notice. 请假 → the secretaries who manage the meeting
(the nearest holders up the tree). 准假 / 不准假 → the member who asked.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator

from qingfeng.core.notifications import notify
from qingfeng.core.permissions import nearest_holders


def _when(meeting) -> str:
    return date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")


def _name(meeting) -> str:
    return f"{meeting.get_kind_display()}「{Truncator(meeting.title).chars(40)}」"


def meeting_published(meeting, invitees) -> None:
    notice = f"\n{meeting.notice}" if meeting.notice else ""
    notify(invitees, meeting, f"会议通知：{_name(meeting)}",
           f"{meeting.org.name}定于{_when(meeting)}在{meeting.place}召开{_name(meeting)}，请准时参加。"
           f"不能参加的，请在会议开始前请假。{notice}",
           reverse("meeting_detail", args=[meeting.pk]))


def leave_requested(row) -> None:
    meeting = row.meeting
    notify(nearest_holders("manage_meetings", meeting), meeting, f"{row.member.name}请假：{_name(meeting)}",
           f"{row.member.name}申请不参加{_when(meeting)}的{_name(meeting)}。\n请假事由：{row.leave_reason}\n请审批。",
           reverse("meeting_detail", args=[meeting.pk]))


def leave_decided(row) -> None:
    meeting = row.meeting
    granted = row.leave_status == row.Leave.GRANTED
    outcome = "已准假" if granted else "未准假，请按时参加"
    notify([row.member.user], meeting, f"请假{'已批准' if granted else '未批准'}：{_name(meeting)}",
           f"您{_when(meeting)}{_name(meeting)}的请假申请{outcome}。\n请假事由：{row.leave_reason}",
           reverse("meeting_detail", args=[meeting.pk]))
