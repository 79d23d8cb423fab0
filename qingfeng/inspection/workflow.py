"""The self-inspection status machine: 草稿 → 已提交, once, by the member, when nothing is missing."""

from django.db import transaction
from django.utils import timezone

from qingfeng.campaigns.models import ChecklistItem
from qingfeng.core.workflow import Transition, Workflow, WorkflowError

from .models import InspectionAnswer, SelfInspection
from .signals import inspection_submitted

S = SelfInspection.Status
SECTIONS = {"study_summary": "学习体会", "root_cause": "根源剖析", "measures_summary": "整改措施"}
FINDINGS = frozenset({InspectionAnswer.Answer.EXISTS, InspectionAnswer.Answer.PARTLY})


def checklist_items(campaign):
    """The campaign's checklist items, category by category."""
    if campaign.checklist_id is None:
        return ChecklistItem.objects.none()
    return (ChecklistItem.objects.filter(category__checklist_id=campaign.checklist_id)
            .select_related("category").order_by("category__order", "category_id", "order", "id"))


def _label(item) -> str:
    text = item.text if len(item.text) <= 20 else f"{item.text[:20]}…"
    return f"第 {item.code} 条「{text}」"


def inspection_gaps(items, answers: dict[int, dict], sections: dict[str, str], dimensions) -> dict[str, str]:
    """What keeps a self-inspection from being submitted: form field -> message naming the item or section.

    `answers` maps item id to {"answer", "description", "example", "dimension"}.
    """
    gaps = {}
    labels = dict(InspectionAnswer.Answer.choices)
    for item in items:
        answer = answers.get(item.pk) or {}
        value = answer.get("answer") or ""
        if value not in labels:
            gaps[f"answer_{item.pk}"] = f"{_label(item)}：请选择对照结果"
        elif value in FINDINGS:
            if not (answer.get("description") or "").strip():
                gaps[f"description_{item.pk}"] = f"{_label(item)}：选择了「{labels[value]}」，请填写问题描述"
            if answer.get("dimension") not in dimensions:
                gaps[f"dimension_{item.pk}"] = f"{_label(item)}：请选择所属维度"
    for name, label in SECTIONS.items():
        if not (sections.get(name) or "").strip():
            gaps[name] = f"「{label}」不能为空"
    return gaps


class InspectionWorkflow(Workflow):
    """Submitting sends `inspection_submitted` with the findings in the same transaction, so what the
    apps above make of them (the ledger: one problem each) stands or falls with the submission."""

    transitions = (
        Transition("submit", "提交", frozenset({S.DRAFT}), S.SUBMITTED, "own"),
    )

    def read_only(self, obj) -> bool:
        return obj.campaign.is_closed

    def guard(self, user, obj, transition):
        campaign = obj.campaign
        items = list(checklist_items(campaign))
        if not items:
            raise WorkflowError("本专项工作尚未设置问题清单")
        answers = {a.item_id: {"answer": a.answer, "description": a.description, "dimension": a.dimension}
                   for a in obj.answers.all()}
        sections = {name: getattr(obj, name) for name in SECTIONS}
        gaps = inspection_gaps(items, answers, sections, campaign.get_dimensions())
        if gaps:
            raise WorkflowError("；".join(gaps.values()))

    def effect(self, user, obj, transition, text):
        obj.submitted_at = timezone.now()

    def perform(self, user, obj, name: str, text: str = ""):
        with transaction.atomic():
            obj = super().perform(user, obj, name, text)
            findings = list(obj.answers.filter(answer__in=FINDINGS).select_related("item")
                            .order_by("item__category__order", "item__category_id", "item__order", "item_id"))
            inspection_submitted.send(SelfInspection, inspection=obj, findings=findings, user=user)
        return obj


inspection_workflow = InspectionWorkflow()
