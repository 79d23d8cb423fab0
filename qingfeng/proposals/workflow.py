"""The status machine of an item: 待受理 → 已受理 → 办理中 → 已答复 → 已办结, or 留作参考, 不予受理, 已合并.

Who acts: the office (`intake_proposals` on the item's office) takes it in, assigns it and closes it; the lead
unit (`handle_proposals` on its lead assignment) replies; the submitter rates the reply, by the tracking code
(`CodeHolder`) or, for an item submitted from the app, logged in as herself; the daily job (`SYSTEM`) closes a
reply nobody rated in time. 不满意 in the first round sends the item back to 办理中 for one more round (二次办理).
"""

from dataclasses import dataclass

from django.utils import timezone

from qingfeng.core.permissions import can, is_own
from qingfeng.core.workflow import Transition, Workflow, WorkflowError

from .models import Proposal

S = Proposal.Status
R = Proposal.Rating


@dataclass(frozen=True)
class CodeHolder:
    """Whoever typed the tracking code of item `proposal_id`: the one thing the public may do is rate it."""

    proposal_id: int
    is_authenticated = False


class System:
    """The daily job: closes replies left unrated past the configured days."""

    is_authenticated = False


SYSTEM = System()
RATE = frozenset({"rate_final", "rate_again"})


class ProposalWorkflow(Workflow):
    transitions = (
        Transition("accept", "受理", frozenset({S.PENDING}), S.ACCEPTED, "intake_proposals"),
        Transition("assign", "交办", frozenset({S.ACCEPTED}), S.HANDLING, "intake_proposals"),
        Transition("merge", "合并", frozenset({S.PENDING, S.ACCEPTED}), S.MERGED, "intake_proposals"),
        Transition("refer", "留作参考", frozenset({S.PENDING, S.ACCEPTED}), S.REFERENCE, "intake_proposals",
                   text_label="说明（提交人可见）", style="outline-secondary", text_required=False),
        Transition("reject", "不予受理", frozenset({S.PENDING}), S.REJECTED, "intake_proposals",
                   text_label="不予受理理由（提交人可见）", style="outline-danger"),
        Transition("reply", "答复", frozenset({S.HANDLING}), S.REPLIED, "handle_proposals"),
        Transition("close", "办结", frozenset({S.REPLIED}), S.CLOSED, "intake_proposals",
                   confirm="办结后提交人不能再评价，确定办结？"),
        Transition("rate_final", "评价", frozenset({S.REPLIED}), S.CLOSED, "rate"),
        Transition("rate_again", "不满意，二次办理", frozenset({S.REPLIED}), S.HANDLING, "rate"),
        Transition("expire", "逾期未评价，自动办结", frozenset({S.REPLIED}), S.CLOSED, "system"),
    )
    FORMS = frozenset({"assign", "merge", "reply"}) | RATE | {"expire"}  # not buttons: their forms or the job

    def allowed(self, user, obj):
        return [t for t in super().allowed(user, obj) if t.name not in self.FORMS]

    def permits(self, user, obj, transition):
        if transition.name in RATE:
            if isinstance(user, CodeHolder):
                return user.proposal_id == obj.pk
            return user.is_authenticated and is_own(user, obj)
        if transition.name == "expire":
            return user is SYSTEM
        if isinstance(user, (CodeHolder, System)) or not user.is_authenticated:
            return False
        if transition.name == "reply":
            lead = obj.assignments.filter(lead=True).select_related("unit").first()
            return lead is not None and can(user, "handle_proposals", lead)
        return super().permits(user, obj, transition)

    def guard(self, user, obj, transition):
        if transition.name == "merge":
            target = obj.merged_into
            if target is None or target.pk == obj.pk:
                raise WorkflowError("请选择要并入的事项")
            if target.office_id != obj.office_id or target.status in (S.MERGED, S.REJECTED):
                raise WorkflowError("只能并入本单位受理的、未合并且未被不予受理的事项")
        if transition.name == "assign" and (obj.lead_unit_id is None or obj.deadline is None):
            raise WorkflowError("请选择主办单位并填写办理时限")
        if transition.name == "rate_again" and obj.round > 1:
            raise WorkflowError("二次办理只有一次")

    def effect(self, user, obj, transition, text):
        now = timezone.now()
        name = transition.name
        if name == "accept":
            obj.accepted_at = now
        elif name in ("refer", "reject", "merge"):
            obj.status_reason = text
        elif name == "assign":
            obj.accepted_at = obj.accepted_at or now
            obj.assigned_at = obj.assigned_at or now
        elif name == "reply":
            obj.replied_at = now
            obj.replied_on_time = timezone.localdate(now) <= obj.deadline
        elif name == "rate_again":
            obj.round += 1
            obj.replied_at = None
            obj.replied_on_time = None
        if name in ("close", "rate_final", "expire"):
            obj.closed_at = now


proposal_workflow = ProposalWorkflow()
