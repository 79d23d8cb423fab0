"""组织生活会 and 民主生活会 from preparation to report: what was prepared before the meeting (征求意见, 谈心谈话, each
participant's 对照检查材料), and the report to the superior within LIFE_REPORT_DAYS after it.

Computed from the records, as the meeting page shows them to who sees the org by role: the opinions are the
meeting's own field; talks are those between two invitees in the PREPARATION_DAYS before the start; a participant's
对照检查材料 is a self-inspection she submitted in the half year before (the campaign core writes them).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from qingfeng.core.permissions import visible_to
from qingfeng.inspection.models import SelfInspection

from .models import Meeting, MeetingAttendance, Talk

LIFE_KINDS = (Meeting.Kind.ORG_LIFE, Meeting.Kind.DEMOCRATIC_LIFE)
LIFE_REPORT_DAYS = 15  # the report to the superior is due this many days after the meeting
PREPARATION_DAYS = 60  # talks this long before the meeting count as its preparation
INSPECTION_DAYS = 183  # and 对照检查材料 submitted within half a year before it


@dataclass
class Preparation:
    opinions: bool  # 征求意见 recorded
    talks: int  # talks between two invitees before the meeting
    talked: int  # invitees who took part in one
    inspections: int  # invitees with a submitted 对照检查材料 in the half year before
    invited: int
    report_due: datetime.date | None  # once held
    overdue: bool


def report_due(meeting) -> datetime.date:
    return timezone.localtime(meeting.starts_at).date() + datetime.timedelta(days=LIFE_REPORT_DAYS)


def preparation(user, meeting, today: datetime.date | None = None) -> Preparation:
    """Three queries: the invitees, their talks before the meeting, their submitted self-inspections."""
    today = today or timezone.localdate()
    invited = set(visible_to(user, MeetingAttendance).filter(meeting=meeting)
                  .exclude(status=MeetingAttendance.Status.OBSERVER).values_list("member_id", flat=True))
    start = timezone.localtime(meeting.starts_at).date()
    pairs = list(visible_to(user, Talk).filter(
        talker_id__in=invited, talkee_id__in=invited,
        date__gt=start - datetime.timedelta(days=PREPARATION_DAYS), date__lte=start)
        .values_list("talker_id", "talkee_id"))
    inspections = (visible_to(user, SelfInspection).filter(
        member_id__in=invited, status=SelfInspection.Status.SUBMITTED,
        submitted_at__date__gt=start - datetime.timedelta(days=INSPECTION_DAYS), submitted_at__date__lte=start)
        .values("member_id").distinct().count())
    held = meeting.status == Meeting.Status.HELD
    due = report_due(meeting) if held else None
    return Preparation(
        opinions=bool(meeting.opinions.strip()), talks=len(pairs), talked=len({m for pair in pairs for m in pair}),
        inspections=inspections, invited=len(invited), report_due=due,
        overdue=bool(due and not meeting.reported_at and today > due))
