"""组织生活 beyond a single save: the invitees, 请假 asked and decided, attendance recorded at once."""

from django.db import transaction
from django.utils import timezone

from qingfeng.core.workflow import WorkflowError

from .models import Meeting, MeetingAttendance
from .notifications import leave_decided, leave_requested
from .workflow import meeting_workflow

A = MeetingAttendance


def set_invitees(meeting, members) -> None:
    """Invite exactly `members`: rows of those no longer invited go, those already invited keep theirs."""
    wanted = {m.pk for m in members}
    meeting.attendance.exclude(member_id__in=wanted).delete()
    have = set(meeting.attendance.values_list("member_id", flat=True))
    A.objects.bulk_create([A(meeting=meeting, member_id=pk) for pk in sorted(wanted - have)])


def request_leave(row, reason: str):
    """An invitee asks not to come. Refused once the meeting has started or when it is not published."""
    with transaction.atomic():
        row = A.objects.select_for_update(of=("self",)).select_related("meeting__org", "member").get(pk=row.pk)
        meeting = row.meeting
        if meeting.status != Meeting.Status.PUBLISHED or meeting.has_started:
            raise WorkflowError("会议已开始，不能再请假；如有特殊情况请直接联系书记")
        if row.leave_status == A.Leave.GRANTED:
            raise WorkflowError("您的请假已批准，无需再次申请")
        row.leave_status, row.leave_reason, row.leave_requested_at = A.Leave.PENDING, reason, timezone.now()
        row.leave_decided_by = row.leave_decided_at = None
        row._change_reason = f"请假：{reason}"
        row.save()
        leave_requested(row)
    return row


def decide_leave(user, row, grant: bool):
    """The secretary grants (the invitee is then 请假 with her reason) or refuses a pending request."""
    with transaction.atomic():
        row = A.objects.select_for_update(of=("self",)).select_related("meeting__org", "member__user").get(pk=row.pk)
        if row.leave_status != A.Leave.PENDING:
            raise WorkflowError("该请假申请已处理")
        row.leave_status = A.Leave.GRANTED if grant else A.Leave.REFUSED
        row.leave_decided_by, row.leave_decided_at = user, timezone.now()
        if grant:
            row.status, row.reason = A.Status.LEAVE, row.leave_reason
        row._change_reason = "准假" if grant else "不准假"
        row.save()
        leave_decided(row)
    return row


def record_meeting(user, meeting, form) -> Meeting:
    """Save the attendance, minutes and decisions at once; a published meeting becomes 已召开."""
    with transaction.atomic():
        # Lock and re-read: a second save at once (a double tap) waits here and finds the meeting 已召开.
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        rows = {row.member_id: row for row in A.objects.select_for_update().filter(meeting=meeting)}
        for member, status, reason in form.attendance():
            row = rows[member.pk]
            if (row.status, row.reason) != (status, reason):
                row.status, row.reason = status, reason
                row._change_reason = "登记出勤"
                row.save(update_fields=["status", "reason"])
        meeting.minutes = form.cleaned_data["minutes"]
        meeting.decisions = form.cleaned_data["decisions"]
        meeting._change_reason = "记录会议"
        meeting.save(update_fields=["minutes", "decisions"])
        for upload, mime in form.cleaned_data["files"]:
            meeting.files.create(file=upload, original_name=upload.name[:200], content_type=mime, size=upload.size,
                                 uploaded_by=user)
        if meeting.status == Meeting.Status.PUBLISHED:
            meeting = meeting_workflow.perform(user, meeting, "record")
    return meeting
