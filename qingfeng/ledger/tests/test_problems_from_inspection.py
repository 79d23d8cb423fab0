"""A submitted self-inspection's findings become problems, in the submitting transaction (ledger/inspections.py)."""

import pytest
from django.urls import reverse

from qingfeng.inspection.models import InspectionAnswer, SelfInspection
from qingfeng.inspection.services import submit_self_inspection
from qingfeng.inspection.tests.helpers import SECTIONS, items
from qingfeng.inspection.workflow import inspection_workflow
from qingfeng.ledger.models import Problem

A = InspectionAnswer.Answer


@pytest.fixture
def draft(campaign, world):
    """Alice's complete draft: 1.1 exists, 2.1 partly, the rest not found."""
    inspection = SelfInspection.objects.create(campaign=campaign, member=world.alice, org=world.a, **SECTIONS)
    findings = {"1.1": (A.EXISTS, "学习不系统", "政治素质"), "2.1": (A.PARTLY, "会议多", "工作作风")}
    for code, item in items(campaign).items():
        answer, description, dimension = findings.get(code, (A.NOT_FOUND, "", ""))
        InspectionAnswer.objects.create(inspection=inspection, item=item, answer=answer,
                                        description=description, dimension=dimension)
    return inspection


def test_the_workflow_makes_a_problem_of_each_finding_whoever_calls_it(draft, world):
    inspection = inspection_workflow.perform(world.alice_user, draft, "submit")
    assert inspection.status == SelfInspection.Status.SUBMITTED
    assert sorted(Problem.objects.values_list("checklist_item__code", "source", "created_by")) == [
        ("1.1", "self", world.alice_user.pk), ("2.1", "self", world.alice_user.pk)]


def test_a_problem_that_cannot_be_saved_undoes_the_submission(draft, world, monkeypatch):
    save = Problem.save

    def fail_on_the_second(problem, *args, **kwargs):
        if Problem.objects.exists():
            raise RuntimeError("disk full")
        save(problem, *args, **kwargs)

    monkeypatch.setattr(Problem, "save", fail_on_the_second)
    with pytest.raises(RuntimeError):
        submit_self_inspection(world.alice_user, draft)
    draft.refresh_from_db()
    assert draft.status == SelfInspection.Status.DRAFT and draft.submitted_at is None
    assert not Problem.objects.exists()


def test_its_page_lists_the_problems_once_it_is_submitted(draft, world, login):
    url = reverse("inspection_detail", args=[draft.campaign_id, draft.pk])
    client = login(world.sec_a)
    assert 'id="inspection-problems"' not in client.get(url).content.decode()
    inspection_workflow.perform(world.alice_user, draft, "submit")
    page = client.get(url).content.decode()
    assert "查摆出的问题（2 个" in page
    for problem in Problem.objects.all():
        assert reverse("problem_detail", args=[problem.pk]) in page
