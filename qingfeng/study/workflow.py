"""The reflection status machine: 草稿 → 待审阅 → 已通过, or 已退回 and resubmitted."""

from django.utils import timezone

from qingfeng.core.workflow import Transition, Workflow

from .models import Reflection
from .notifications import reflection_moved
from .signals import reflection_submitted

S = Reflection.Status


class ReflectionWorkflow(Workflow):
    transitions = (
        Transition("submit", "提交", frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, "own"),
        Transition("accept", "通过", frozenset({S.SUBMITTED}), S.ACCEPTED, "review", style="success"),
        Transition("return", "退回修改", frozenset({S.SUBMITTED}), S.RETURNED, "review",
                   text_label="退回意见", style="warning"),
    )

    def read_only(self, obj) -> bool:
        return obj.campaign.is_closed

    def effect(self, user, obj, transition, text):
        now = timezone.now()
        if transition.name == "submit":
            obj.submitted_at = now
        else:
            obj.reviewed_by = user
            obj.reviewed_at = now
            obj.review_comment = text

    def after(self, user, obj, transition, text):
        reflection_moved(user, obj, transition, text)
        if transition.name == "submit":
            reflection_submitted.send(Reflection, reflection=obj, user=user)


reflection_workflow = ReflectionWorkflow()
