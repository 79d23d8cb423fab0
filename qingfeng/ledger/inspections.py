"""What the ledger makes of a self-inspection (connected to the inspection app's signals in apps.py):
each 存在 / 部分存在 answer of a submitted one becomes a Problem, which its page then lists."""

from django.template.loader import render_to_string

from qingfeng.core.permissions import visible_to
from qingfeng.inspection.models import SelfInspection

from .models import Problem


def problems_from_findings(sender, inspection, findings, user, **kwargs) -> list[Problem]:
    """One Problem (source 自己找) per finding, in the submitting transaction: if one fails, nothing is submitted."""
    problems = []
    for answer in findings:
        problem = Problem(
            campaign=inspection.campaign, org=inspection.org, member=inspection.member,
            source=Problem.Source.SELF, checklist_item=answer.item, dimension=answer.dimension,
            description=answer.description.strip(), example=answer.example.strip(),
            root_cause=inspection.root_cause.strip(), created_by=user)
        problem._change_reason = "对照检查提交"
        problem.save()
        problems.append(problem)
    return problems


def problems_of_inspection(sender, inspection, user, **kwargs) -> str:
    """The problems a submitted self-inspection became, as `user` may see them, for its page."""
    if inspection.status != SelfInspection.Status.SUBMITTED:
        return ""
    problems = list(visible_to(user, Problem)
                    .filter(campaign=inspection.campaign_id, member=inspection.member_id, source=Problem.Source.SELF)
                    .select_related("checklist_item"))
    return render_to_string("ledger/_inspection_problems.html", {"problems": problems}) if problems else ""
