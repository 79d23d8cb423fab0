"""Factories for campaigns and their problem lists."""

import datetime

import factory
from django.utils import timezone

from qingfeng.campaigns.models import Campaign, Checklist, KeyTask, Phase

# Two categories, five items: codes 1.1, 1.2, 2.1, 2.2, 2.3.
CHECKLIST_ITEMS = [
    ("理想信念方面", ["学习不深入", "信念不坚定"]),
    ("工作作风方面", ["形式主义", "官僚主义", "脱离群众"]),
]

# Days from today: study is over, inspection ends today, rectification starts tomorrow.
PHASE_DAYS = [("study", -30, -10), ("inspect", -9, 0), ("rectify", 1, 60), ("review", 61, 90)]


class ChecklistFactory(factory.django.DjangoModelFactory):
    """An example problem list of CHECKLIST_ITEMS."""

    class Meta:
        model = Checklist
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"test-list-{n}")
    title = "测试问题清单"
    is_example = True

    @factory.post_generation
    def items(checklist, create, extracted, **kwargs):
        if not create:
            return
        for c, (title, texts) in enumerate(CHECKLIST_ITEMS, start=1):
            category = checklist.categories.create(code=str(c), title=title, order=c)
            for i, text in enumerate(texts, start=1):
                category.items.create(code=f"{c}.{i}", text=text, order=i)


class KeyTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyTask

    title = "开展集中学习"
    required = True


class CampaignFactory(factory.django.DjangoModelFactory):
    """An active special campaign over `org`, created by `created_by`, with its own ChecklistFactory list,
    the four phases of PHASE_DAYS around today (`phases=False`: none) and one required key task
    (`key_task=None`: none)."""

    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    title = "作风专项整治"
    kind = Campaign.Kind.SPECIAL
    status = Campaign.Status.ACTIVE
    checklist = factory.SubFactory(ChecklistFactory)
    commitment_text = "我承诺：严守纪律，不搞特殊。"
    remind_days_before = 3
    escalate_after_days = 7

    @factory.post_generation
    def phases(campaign, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        today, day = timezone.localdate(), datetime.timedelta(days=1)
        for kind, start, end in PHASE_DAYS:
            Phase.objects.create(campaign=campaign, kind=kind, start=today + start * day, end=today + end * day)

    key_task = factory.RelatedFactory(KeyTaskFactory, "campaign")
