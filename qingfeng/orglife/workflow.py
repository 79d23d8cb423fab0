"""The meeting status machine: 草稿 → 已发布 (the invitees are told) → 已召开 (attendance and minutes recorded).

发布 needs someone invited; 记录 is what saving the attendance form does once the meeting has
started (views/meetings.py); the record stays editable afterwards.
"""

from django.utils import timezone

from qingfeng.core.workflow import Transition, Workflow, WorkflowError

from .models import Evaluation, Meeting
from .notifications import meeting_published
from .quorum import quorum

S = Meeting.Status


class MeetingWorkflow(Workflow):
    transitions = (
        Transition("publish", "发布会议通知", frozenset({S.DRAFT}), S.PUBLISHED, "manage_meetings",
                   confirm="发布后将通知全部参会人员，确定发布？"),
        Transition("record", "记录会议", frozenset({S.PUBLISHED}), S.HELD, "manage_meetings"),
    )

    def allowed(self, user, obj):
        # 记录 is the attendance form's, not a button
        return [t for t in super().allowed(user, obj) if t.name != "record"]

    def guard(self, user, obj, transition):
        if transition.name == "publish" and not obj.attendance.exists():
            raise WorkflowError("请先选择参会人员再发布")
        if transition.name == "record" and not obj.has_started:
            raise WorkflowError("会议尚未开始，不能记录")

    def effect(self, user, obj, transition, text):
        if transition.name == "publish":
            obj.published_at = timezone.now()
        else:
            obj.recorded_at = timezone.now()
            obj.quorum_met = quorum(obj).met  # below quorum: flagged, and not counted for compliance

    def after(self, user, obj, transition, text):
        if transition.name == "publish":
            meeting_published(obj, [a.member.user for a in obj.attendance.select_related("member__user")])


meeting_workflow = MeetingWorkflow()


E = Evaluation.Status


class EvaluationWorkflow(Workflow):
    """评议中 → 已截止投票 (the tally is shown to the committee) → 已确定结果 (the results form's)."""

    transitions = (
        Transition("close", "截止投票", frozenset({E.OPEN}), E.CLOSED, "manage_evaluations",
                   confirm="截止后党员不能再投票，支委会可查看计票结果，确定截止？"),
        Transition("decide", "确定评议结果", frozenset({E.CLOSED}), E.DONE, "manage_evaluations"),
    )

    def allowed(self, user, obj):
        return [t for t in super().allowed(user, obj) if t.name != "decide"]  # the results form decides

    def effect(self, user, obj, transition, text):
        if transition.name == "close":
            obj.closed_at = timezone.now()
        else:
            obj.decided_at = timezone.now()


evaluation_workflow = EvaluationWorkflow()
