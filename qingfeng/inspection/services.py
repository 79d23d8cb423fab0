"""查 beyond a single save: keeping a self-inspection's draft, and submitting it through its workflow."""

from django.core.exceptions import ValidationError
from django.db import transaction

from qingfeng.core.workflow import WorkflowError

from .models import InspectionAnswer, SelfInspection
from .workflow import FINDINGS, SECTIONS, inspection_workflow


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


def submit_self_inspection(user, inspection) -> int:
    """Submit a complete self-inspection; returns its number of 存在 / 部分存在 answers (findings).

    The workflow sends the findings to the apps above in the same transaction (the ledger makes each
    a Problem, source 自己找). Raises ValidationError (naming what is missing) when it is incomplete,
    already submitted or the campaign is closed; nothing changes then.
    """
    if inspection.status != SelfInspection.Status.DRAFT:
        raise ValidationError("对照检查已提交，不能重复提交")
    try:
        inspection = inspection_workflow.perform(user, inspection, "submit")
    except WorkflowError as error:
        raise ValidationError(error.message) from None
    return inspection.answers.filter(answer__in=FINDINGS).count()
