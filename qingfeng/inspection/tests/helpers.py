"""What the tests of a self-inspection share: the checklist's items, the form data of a filled inspection,
and a member's inspection in a given state with the address of its page."""

from django.urls import reverse
from django.utils import timezone

from qingfeng.campaigns.models import ChecklistItem
from qingfeng.inspection.models import SelfInspection

SECTIONS = {"study_summary": "通过学习，我认识到……", "root_cause": "理论学习不够深入",
            "measures_summary": "制定学习计划，每周自学"}


def items(campaign):
    return {i.code: i for i in ChecklistItem.objects.filter(category__checklist=campaign.checklist)}


def answers(campaign, **by_code):
    """Form data: every item 未发现 unless given as code="answer|description|example|dimension"."""
    data = {}
    for code, item in items(campaign).items():
        answer, description, example, dimension = (by_code.get(code.replace(".", "_"), "not_found|||")
                                                    .split("|"))
        data.update({f"answer_{item.pk}": answer, f"description_{item.pk}": description,
                     f"example_{item.pk}": example, f"dimension_{item.pk}": dimension})
    return data


def url(campaign):
    return reverse("inspection_mine", args=[campaign.pk])


def make_inspection(campaign, member, status=SelfInspection.Status.DRAFT, **fields):
    if status == SelfInspection.Status.SUBMITTED:
        fields.setdefault("submitted_at", timezone.now())
    return SelfInspection.objects.create(campaign=campaign, member=member, org=member.org, status=status, **fields)


def detail_url(inspection):
    return reverse("inspection_detail", args=[inspection.campaign_id, inspection.pk])


def submit(client, campaign, data):
    return client.post(url(campaign), {**data, "action": "submit"})
