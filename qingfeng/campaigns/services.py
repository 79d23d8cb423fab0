"""Campaign work beyond a single save: attendance, self-inspection, and the figures of who did what."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from qingfeng.core.permissions import can, visible_to
from qingfeng.ledger.models import Problem
from qingfeng.orgs.models import Member

from .models import Attendance, ChecklistItem, InspectionAnswer, Reflection, SelfInspection

CLOSED_MESSAGE = "专项工作已结束，记录只读"
SECTIONS = {"study_summary": "学习体会", "root_cause": "根源剖析", "measures_summary": "整改措施"}
FINDINGS = frozenset({InspectionAnswer.Answer.EXISTS, InspectionAnswer.Answer.PARTLY})


def replace_attendance(activity, rows) -> None:
    """Record `rows` (member, present, reason) as the attendance of those members, at once.

    Rows of members no longer on the form (transferred away since) are kept.
    """
    with transaction.atomic():
        activity.attendance.filter(member__in=[member for member, _, _ in rows]).delete()
        Attendance.objects.bulk_create([
            Attendance(activity=activity, member=member, present=present, absence_reason=reason)
            for member, present, reason in rows
        ])


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


def save_self_inspection(inspection, answers: dict[int, dict], sections: dict[str, str]) -> None:
    """Keep a draft as typed: every item with anything filled in, and the sections."""
    if inspection.status != SelfInspection.Status.DRAFT:
        raise ValidationError("对照检查已提交，不能再修改")
    with transaction.atomic():
        inspection.answers.all().delete()
        InspectionAnswer.objects.bulk_create([
            # An item may be described before it is answered; the answer stays empty until then.
            InspectionAnswer(inspection=inspection, item_id=item_id, **values)
            for item_id, values in answers.items() if any(values.values())
        ])
        for name in SECTIONS:
            setattr(inspection, name, sections.get(name, ""))
        inspection._change_reason = "保存草稿"
        inspection.save()


def submit_self_inspection(user, inspection) -> list:
    """Submit a complete self-inspection; each 存在 / 部分存在 answer becomes a Problem (source 自己找).

    Raises ValidationError (messages naming the items) when it is incomplete, already
    submitted or the campaign is closed; nothing changes then.
    """
    with transaction.atomic():
        inspection = (SelfInspection.objects.select_for_update(of=("self",))
                      .select_related("campaign", "member", "org").get(pk=inspection.pk))
        if not can(user, "own", inspection):
            raise PermissionDenied
        campaign = inspection.campaign
        if campaign.is_closed:
            raise ValidationError(CLOSED_MESSAGE)
        if inspection.status != SelfInspection.Status.DRAFT:
            raise ValidationError("对照检查已提交，不能重复提交")
        items = list(checklist_items(campaign))
        if not items:
            raise ValidationError("本专项工作尚未设置问题清单")
        saved = {a.item_id: a for a in inspection.answers.all()}
        answers = {pk: {"answer": a.answer, "description": a.description, "dimension": a.dimension}
                   for pk, a in saved.items()}
        sections = {name: getattr(inspection, name) for name in SECTIONS}
        gaps = inspection_gaps(items, answers, sections, campaign.get_dimensions())
        if gaps:
            raise ValidationError(list(gaps.values()))

        problems = []
        for item in items:
            answer = saved[item.pk]
            if answer.answer not in FINDINGS:
                continue
            problem = Problem(
                campaign=campaign, org=inspection.org, member=inspection.member,
                source=Problem.Source.SELF, checklist_item=item, dimension=answer.dimension,
                description=answer.description.strip(), example=answer.example.strip(),
                root_cause=inspection.root_cause.strip(), created_by=user)
            problem._change_reason = "对照检查提交"
            problem.save()
            problems.append(problem)
        inspection.status = SelfInspection.Status.SUBMITTED
        inspection.submitted_at = timezone.now()
        inspection._change_reason = f"提交，查摆问题 {len(problems)} 条"
        inspection.save()
    return problems


def campaign_members(user, campaign):
    """The active members inside the campaign that the user may see."""
    return visible_to(user, Member).filter(is_active=True, org__path__startswith=campaign.org.path)


def reflection_counts(user, campaign) -> list[dict]:
    """Per org, in tree order: active members, members who submitted a reflection, members with one accepted."""
    rows: dict[int, dict] = {}
    for row in (campaign_members(user, campaign).order_by()
                .values("org_id", "org__name", "org__path").annotate(members=Count("pk"))):
        rows[row["org_id"]] = {"org": row["org__name"], "path": row["org__path"], "members": row["members"],
                               "submitted": 0, "accepted": 0}
    accepted = Q(status=Reflection.Status.ACCEPTED)
    for row in (visible_to(user, Reflection).filter(campaign=campaign).exclude(status=Reflection.Status.DRAFT)
                .order_by().values("org_id", "org__name", "org__path")
                .annotate(submitted=Count("member", distinct=True),
                          accepted=Count("member", distinct=True, filter=accepted))):
        entry = rows.setdefault(row["org_id"], {"org": row["org__name"], "path": row["org__path"], "members": 0})
        entry.update(submitted=row["submitted"], accepted=row["accepted"])
    return sorted(rows.values(), key=lambda r: r["path"])
