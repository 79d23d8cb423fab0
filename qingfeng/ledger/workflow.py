"""The rectification status machine: 待整改 → 整改中 → 待验收 → 已销号, with 退回 and 回头看."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from qingfeng.core.permissions import can
from qingfeng.core.workflow import Transition, Workflow, WorkflowError

from .models import Evidence, FollowUp, Rectification
from .notifications import rectification_moved

S = Rectification.Status


class RectificationWorkflow(Workflow):
    transitions = (
        Transition("start", "开始整改", frozenset({S.OPEN}), S.IN_PROGRESS, "own"),
        Transition("report", "报告进展", frozenset({S.IN_PROGRESS}), S.IN_PROGRESS, "own",
                   text_label="进展情况", style="secondary"),
        Transition("submit", "提交验收", frozenset({S.IN_PROGRESS}), S.SUBMITTED, "own"),
        Transition("resume", "继续整改", frozenset({S.RETURNED}), S.IN_PROGRESS, "own"),
        Transition("accept", "验收销号", frozenset({S.SUBMITTED}), S.ACCEPTED, "review",
                   text_label="验收意见", text_required=False, style="success",
                   confirm="确认验收销号？销号后该整改措施即为整改完成。"),
        Transition("return", "退回", frozenset({S.SUBMITTED}), S.RETURNED, "review",
                   text_label="退回原因", style="warning"),
        Transition("confirm", "回头看：巩固良好", frozenset({S.ACCEPTED}), S.ACCEPTED, "reopen",
                   text_label="回头看情况", style="secondary"),
        Transition("reopen", "回头看：重新整改", frozenset({S.ACCEPTED}), S.IN_PROGRESS, "reopen",
                   text_label="重新整改的理由", style="danger"),
    )

    def read_only(self, obj) -> bool:
        return obj.problem.campaign.is_closed

    def guard(self, user, obj, transition):
        if transition.name in {"submit", "accept"} and not obj.evidence.exists():
            raise WorkflowError("请先上传佐证材料" if transition.name == "submit" else "没有佐证材料，不能销号")

    def effect(self, user, obj, transition, text):
        if transition.name == "report":
            obj.progress = text
        elif transition.name == "accept":
            obj.reviewed_by = user
            obj.accepted_at = timezone.now()
            obj.review_comment = text
            obj.return_reason = ""  # an earlier 退回 is answered; its reason stays in the history
        elif transition.name == "return":
            obj.return_reason = text
            obj.review_comment = ""
        elif transition.name in {"confirm", "reopen"}:
            FollowUp.objects.create(rectification=obj, reopened=transition.name == "reopen",
                                    reason=text, checked_by=user)
            if transition.name == "reopen":
                obj.reviewed_by = None
                obj.accepted_at = None

    def after(self, user, obj, transition, text):
        rectification_moved(user, obj, transition, text)


rectification_workflow = RectificationWorkflow()


# The owner adds 佐证材料 while the work is theirs; once submitted, the reviewer judges what is there.
EVIDENCE_STATUSES = frozenset({S.OPEN, S.IN_PROGRESS, S.RETURNED})


def may_add_evidence(user, rectification) -> bool:
    return (rectification.status in EVIDENCE_STATUSES and can(user, "own", rectification)
            and not rectification_workflow.read_only(rectification))


def add_evidence(user, rectification, *, file=None, content_type: str = "", note: str = "") -> Evidence:
    """Attach a file (already checked by content) and/or a note; refused like a transition."""
    with transaction.atomic():
        rectification = Rectification.objects.select_for_update().get(pk=rectification.pk)
        if not can(user, "own", rectification):
            raise PermissionDenied
        if rectification_workflow.read_only(rectification):
            raise WorkflowError("专项工作已结束，记录只读")
        if rectification.status not in EVIDENCE_STATUSES:
            raise WorkflowError(f"当前状态为「{rectification.get_status_display()}」，不能再上传佐证材料")
        return Evidence.objects.create(
            rectification=rectification, file=file or "", content_type=content_type,
            original_name=file.name[-200:] if file else "", size=file.size if file else 0,
            note=note.strip(), uploaded_by=user)
