"""组织生活 beyond a single save: the invitees, 请假 asked and decided, attendance recorded at once."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.formats import date_format

from qingfeng.core.workflow import WorkflowError
from qingfeng.ledger.models import Problem
from qingfeng.orgs.models import Member

from .models import (
    Criticism,
    Evaluation,
    EvaluationParticipant,
    EvaluationTally,
    Grade,
    Meeting,
    MeetingAttendance,
    Requirement,
)
from .notifications import leave_decided, leave_requested
from .quorum import quorum
from .workflow import evaluation_workflow, meeting_workflow

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
        recount_quorum(meeting)
        meeting._change_reason = "记录会议"
        meeting.save(update_fields=["minutes", "decisions", "quorum_met"])
        for upload, mime in form.cleaned_data["files"]:
            meeting.files.create(file=upload, original_name=upload.name[:200], content_type=mime, size=upload.size,
                                 uploaded_by=user)
        if meeting.status == Meeting.Status.PUBLISHED:
            meeting = meeting_workflow.perform(user, meeting, "record")  # which sets the quorum flag
    return meeting


def recount_quorum(meeting) -> None:
    """A held meeting's quorum flag follows its record: set again when its attendance or its kind changes.
    (Recording it, the workflow's 记录会议 sets it the first time.)"""
    if meeting.status == Meeting.Status.HELD:
        meeting.quorum_met = quorum(meeting).met


# 民主评议党员 (see evaluations.py for how the ballot stays secret)
E = Evaluation.Status
P = EvaluationParticipant


def launch(user, form) -> Evaluation:
    """The evaluation, a participant for every active member of the branch, and every count at zero."""
    with transaction.atomic():
        form.instance.created_by = user
        form.instance._change_reason = "开展民主评议"
        evaluation = form.save()
        members = list(Member.objects.filter(org=evaluation.org, is_active=True).order_by("name_pinyin", "pk"))
        if len(members) < 2:
            raise ValidationError(f"{evaluation.org.name}在册党员不足 2 人，无法互评")
        P.objects.bulk_create(P(evaluation=evaluation, member=m) for m in members)
        EvaluationTally.objects.bulk_create(
            EvaluationTally(evaluation=evaluation, member=m, grade=g) for m in members for g in Grade.values)
    return evaluation


def submit_self_evaluation(participant, text: str) -> None:
    if participant.evaluation.status != E.OPEN:
        raise ValidationError("评议已截止，个人总结不能再修改")
    participant.self_evaluation = text.strip()
    participant.submitted_at = timezone.now()
    participant._change_reason = "提交个人总结"
    participant.save(update_fields=["self_evaluation", "submitted_at"])


def cast(participant, grades) -> None:
    """Count one ballot and mark the voter as having voted, at once; a second ballot changes nothing."""
    with transaction.atomic():
        voter = P.objects.select_for_update().select_related("evaluation").get(pk=participant.pk)
        if voter.evaluation.status != E.OPEN:
            raise WorkflowError("投票已截止")
        if voter.has_voted:
            raise WorkflowError("您已投票，每人只能投一次")
        for member_id, grade in grades:
            counted = EvaluationTally.objects.filter(
                evaluation_id=voter.evaluation_id, member_id=member_id, grade=grade).update(votes=F("votes") + 1)
            if counted != 1:
                raise WorkflowError("选票有误，请重新填写")  # a member not in this evaluation: nothing counted
        voter.has_voted = True
        voter._change_reason = "已投票"  # that she voted, never how
        voter.save(update_fields=["has_voted"])


def paper_ballots_due(evaluation) -> int:
    """Paper ballots handed in and not yet counted: each ballot, online or on paper, rates every participant but
    the voter (n − 1 votes) and each voter is marked once, so it is the voters marked less the ballots the votes
    make up. Known from counts alone: nothing says which ballot was whose."""
    size = P.objects.filter(evaluation=evaluation).count()
    voted = P.objects.filter(evaluation=evaluation, has_voted=True).count()
    votes = EvaluationTally.objects.filter(evaluation=evaluation).aggregate(n=Sum("votes"))["n"] or 0
    return voted - votes // max(size - 1, 1)


def mark_paper_voters(evaluation, rows) -> int:
    """Members without a login who handed in a paper ballot: marked as having voted (已交纸质选票), each once."""
    with transaction.atomic():
        marked = 0
        for voter in P.objects.select_for_update().filter(pk__in=[r.pk for r in rows], evaluation=evaluation,
                                                            member__user__isnull=True, has_voted=False):
            voter.has_voted = True
            voter._change_reason = "已交纸质选票"
            voter.save(update_fields=["has_voted"])
            marked += 1
        return marked


def count_paper_ballot(evaluation, grades) -> None:
    """Count one paper ballot as the tellers read it, without asking whose it is: only while a ballot handed in
    is still to count (`paper_ballots_due`), and only a ballot rating all participants but one."""
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)  # one teller's count at a time
        if evaluation.status != E.OPEN:
            raise WorkflowError("投票已截止")
        if paper_ballots_due(evaluation) < 1:
            raise WorkflowError("没有待录入的纸质选票：请先勾选交了纸质选票的党员")
        if len(grades) != P.objects.filter(evaluation=evaluation).count() - 1:
            raise WorkflowError("选票有误，请重新填写")
        for member_id, grade in grades:
            counted = EvaluationTally.objects.filter(
                evaluation_id=evaluation.pk, member_id=member_id, grade=grade).update(votes=F("votes") + 1)
            if counted != 1:
                raise WorkflowError("选票有误，请重新填写")


def record_results(user, evaluation, form) -> Evaluation:
    with transaction.atomic():
        for row in form.rows:
            key = row.member_id
            values = (form.cleaned_data[f"result_{key}"], form.cleaned_data[f"disposition_{key}"],
                      form.cleaned_data[f"note_{key}"].strip())
            if (row.result, row.disposition, row.disposition_note) != values:
                row.result, row.disposition, row.disposition_note = values
                row._change_reason = "评定结果"
                row.save(update_fields=["result", "disposition", "disposition_note"])
        if evaluation.status == E.CLOSED:
            evaluation = evaluation_workflow.perform(user, evaluation, "decide")
    return evaluation


def set_rule(org, subject: str, period: str, minimum, user) -> Requirement:
    """Set `org`'s own rule for `subject` (its subtree follows it unless an org below has its own)."""
    with transaction.atomic():
        rule = Requirement.objects.select_for_update().filter(org=org, subject=subject).first()
        if rule is None:
            rule = Requirement(org=org, subject=subject)
        rule.period, rule.minimum, rule.changed_by, rule.changed_at = period, minimum, user, timezone.now()
        rule._change_reason = "修改要求"
        rule.save()
    return rule


def reset_rule(org, subject: str, user) -> bool:
    """Drop `org`'s own rule for `subject`, so the inherited one applies again; its history keeps the rule."""
    with transaction.atomic():
        rule = Requirement.objects.select_for_update().filter(org=org, subject=subject).first()
        if rule is None:
            return False
        rule._change_reason = "恢复继承"
        rule.delete()
    return True


# 批评意见 → 查摆问题
def criticism_to_problem(user, criticism, campaign):
    """The item becomes a problem (source 批评意见) about its member in `campaign`, linked both ways; once only."""
    with transaction.atomic():
        item = Criticism.objects.select_for_update().select_related("meeting", "member__org").get(pk=criticism.pk)
        if item.problem_id:
            raise WorkflowError("这条批评意见已经转为问题")
        meeting = item.meeting
        problem = Problem(
            campaign=campaign, org=item.member.org, member=item.member, source=Problem.Source.CRITICISM,
            description=item.text, created_by=user,
            example=f"{date_format(timezone.localtime(meeting.starts_at).date())}{meeting.get_kind_display()}"
                    f"「{meeting.title}」上的{item.get_kind_display()}")
        problem._change_reason = "由批评意见转为问题"
        problem.save()
        item.problem = problem
        item._change_reason = "转为问题"
        item.save(update_fields=["problem"])
    return problem


def mark_reported(user, meeting, note: str) -> Meeting:
    """会后上报: the secretary records that the 生活会's report went to the superior (once; the note may be edited)."""
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.status != Meeting.Status.HELD:
            raise WorkflowError("会议召开并登记后才能上报")
        meeting.reported_at = meeting.reported_at or timezone.now()
        meeting.report_note = note.strip()[:200]
        meeting._change_reason = "上报上级"
        meeting.save(update_fields=["reported_at", "report_note"])
    return meeting
