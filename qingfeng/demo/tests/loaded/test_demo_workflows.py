"""Every status in the demo was reached through a workflow, as the one who may take the step."""


from qingfeng.campaigns.models import Campaign
from qingfeng.campaigns.workflow import campaign_workflow
from qingfeng.inspection.models import SelfInspection
from qingfeng.inspection.workflow import inspection_workflow
from qingfeng.ledger.models import Rectification
from qingfeng.ledger.workflow import rectification_workflow
from qingfeng.study.models import Reflection
from qingfeng.study.workflow import reflection_workflow

WORKFLOWS = [
    (Campaign, campaign_workflow),
    (Reflection, reflection_workflow),
    (SelfInspection, inspection_workflow),
    (Rectification, rectification_workflow),
]



def _hand_set(model, workflow) -> list[str]:
    """Records whose status changed in a history entry no transition to that status explains,
    or whose status differs from their last history entry (set by a queryset update)."""
    initial = model._meta.get_field("status").default
    labels = {}
    for transition in workflow.transitions:
        labels.setdefault(transition.target, []).append(transition.label)
    found = []
    current = dict(model.objects.values_list("pk", "status"))
    previous: dict[int, str] = {}
    for entry in model.history.order_by("history_date", "history_id"):
        before = previous.get(entry.id, initial)
        reason = entry.history_change_reason or ""
        if entry.status != before and not any(
                reason == label or reason.startswith(f"{label}：") for label in labels.get(entry.status, [])):
            found.append(f"{model.__name__} {entry.id}: {before} → {entry.status} ({reason!r})")
        previous[entry.id] = entry.status
    found += [f"{model.__name__} {pk}: {status} without a history entry"
              for pk, status in current.items() if previous.get(pk, initial) != status]
    return found


def test_every_status_change_is_a_workflow_transition_and_every_status_is_shown(demo):
    assert [problem for model, workflow in WORKFLOWS for problem in _hand_set(model, workflow)] == []
    assert set(Reflection.objects.values_list("status", flat=True)) == set(Reflection.Status.values)
    assert set(Rectification.objects.values_list("status", flat=True)) == set(Rectification.Status.values)
    assert SelfInspection.objects.filter(status=SelfInspection.Status.SUBMITTED).count() >= 80
    assert demo.status == Campaign.Status.ACTIVE


def test_the_check_catches_a_status_set_by_hand(demo):
    reflection = Reflection.objects.filter(status=Reflection.Status.DRAFT).first()
    reflection.status = Reflection.Status.ACCEPTED
    reflection._change_reason = "演示数据"
    reflection.save()
    Rectification.objects.filter(pk=Rectification.objects.filter(status=Rectification.Status.OPEN).first().pk).update(
        status=Rectification.Status.ACCEPTED)
    assert len(_hand_set(Reflection, reflection_workflow)) == 1
    assert len(_hand_set(Rectification, rectification_workflow)) == 1

