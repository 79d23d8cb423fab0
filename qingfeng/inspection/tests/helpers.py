"""What the tests of a self-inspection share: the checklist's items and the form data of a filled inspection."""

from django.urls import reverse

from qingfeng.campaigns.models import ChecklistItem

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


def submit(client, campaign, data):
    return client.post(url(campaign), {**data, "action": "submit"})
