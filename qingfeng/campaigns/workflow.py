"""The campaign status machine: 草稿 → 进行中 → 已结束."""

from qingfeng.core.workflow import Transition, Workflow, WorkflowError

from .models import Campaign, Phase

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
        missing = missing_to_launch(obj)
        if missing:
            raise WorkflowError(f"启动前请先设置{'、'.join(missing)}")


def missing_to_launch(campaign: Campaign) -> list[str]:
    """What a draft still needs before it may start (the draft banner lists the same): 问题清单, each phase's dates."""
    missing = ["问题清单"] if campaign.checklist_id is None else []
    kinds = {phase.kind for phase in campaign.phases.all()}
    return missing + [f"「{label}」阶段日期" for kind, label in Phase.Kind.choices if kind not in kinds]


campaign_workflow = CampaignWorkflow()
