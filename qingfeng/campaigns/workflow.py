"""The reflection status machine: 草稿 → 待审阅 → 已通过, or 已退回 and resubmitted."""

from django.utils import timezone

from qingfeng.core.workflow import Transition, Workflow, WorkflowError

from .models import Campaign, Phase, Reflection

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


reflection_workflow = ReflectionWorkflow()


C = Campaign.Status


class CampaignWorkflow(Workflow):
    """草稿 → 进行中 → 已结束; only those who may launch a campaign over its org move it."""

    transitions = (
        Transition("activate", "启动", frozenset({C.DRAFT}), C.ACTIVE, "launch", style="success"),
        Transition("close", "结束", frozenset({C.ACTIVE}), C.CLOSED, "launch", style="secondary"),
    )

    def read_only(self, obj) -> bool:
        return obj.is_closed

    def guard(self, user, obj, transition):
        if transition.name != "activate":
            return
        missing = []
        if obj.checklist_id is None:
            missing.append("问题清单")
        kinds = set(obj.phases.values_list("kind", flat=True))
        missing += [f"「{label}」阶段日期" for kind, label in Phase.Kind.choices if kind not in kinds]
        if missing:
            raise WorkflowError(f"启动前请先设置{'、'.join(missing)}")


campaign_workflow = CampaignWorkflow()
