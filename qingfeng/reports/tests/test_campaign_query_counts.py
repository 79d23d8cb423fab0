"""Pinned query counts (qingfeng/core/tests/query_counts.json): the campaign pages cost the same at any size."""

import pytest
from django.urls import reverse
from django.utils import timezone

from qingfeng.campaigns.checklist_io import CategoryData, ChecklistData, ItemData, save_checklist, to_data
from qingfeng.campaigns.models import Campaign, KeyTask, Phase
from qingfeng.core.testing import pinned_queries
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.orgs.models import Org
from qingfeng.orgs.tests.factories import MemberFactory
from qingfeng.study.models import StudyActivity


def grow(world, campaign, n):
    """More campaigns, members, problems, rectifications, tasks and sub-orgs."""
    today = timezone.localdate()
    for i in range(n):
        other = Campaign.objects.create(org=world.g, title=f"专项{n}-{i}", created_by=world.admin,
                                        checklist=campaign.checklist)
        Phase.objects.create(campaign=other, kind="study", start=today, end=today)
        member = MemberFactory(org=world.a if i % 2 else world.b, name=f"成员{n}-{i}")
        problem = ProblemFactory(campaign=campaign, member=member, source="petition" if i % 3 == 0 else "self")
        RectificationFactory(problem=problem, due_in_days=i - n // 2)
        StudyActivity.objects.create(campaign=campaign, org=member.org, kind="seminar", date=today,
                                     topic="研讨", created_by=world.admin)
        KeyTask.objects.create(campaign=campaign, title=f"自选{n}-{i}", required=False, org=member.org)
    for i in range(n // 5):
        save_checklist(to_data(campaign.checklist))  # another version
        save_checklist(ChecklistData(f"list-{n}-{i}", "清单", categories=[
            CategoryData("1", "类别", [ItemData("1.1", "条目"), ItemData("1.2", "条目")])]))
        Org.create(world.g, code=f"X{n}-{i}", name=f"扩展支部{i}", kind=Org.Kind.BRANCH)


VIEWS = [
    ("campaigns.campaign_list", "admin", lambda w, c: reverse("campaign_list")),
    ("campaigns.campaign_detail", "admin", lambda w, c: reverse("campaign_detail", args=[c.pk])),
    ("campaigns.checklist_list", "sec_a", lambda w, c: reverse("checklist_list")),
]


@pytest.mark.parametrize(("name", "username", "make_url"), VIEWS, ids=[v[0] for v in VIEWS])
def test_query_count_is_pinned_and_flat(campaign, world, client, name, username, make_url):
    client.force_login(getattr(world, username))
    url = make_url(world, campaign)
    client.get(url)  # warm: session, content types
    for size in (3, 40):
        grow(world, campaign, size)
        with pinned_queries(name):
            page = client.get(url)
        assert page.status_code == 200
