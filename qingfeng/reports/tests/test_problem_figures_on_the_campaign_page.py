"""The campaign page's figures of problems (reports' panel on campaigns' page), for the scope and viewer."""

import re

from django.urls import reverse

from qingfeng.ledger.tests.factories import ProblemFactory


def url(campaign, query=""):
    return reverse("campaign_detail", args=[campaign.pk]) + query


def test_a_sub_org_may_be_chosen_within_what_the_user_sees(campaign, world, login):
    ProblemFactory(campaign=campaign, member=world.alice)
    ProblemFactory(campaign=campaign, member=world.carol)
    client = login(world.leader)
    assert 'data-count="problems">2<' in client.get(url(campaign)).content.decode()
    body = client.get(url(campaign, f"?org={world.b.pk}")).content.decode()
    assert 'id="scope-name">二中党支部<' in body and 'data-count="problems">1<' in body
    assert login(world.sec_a).get(url(campaign, f"?org={world.b.pk}")).status_code == 404


def test_a_members_problems_are_the_rows_she_sees(campaign, world, login):
    """A member reads the problems about her (her own panel), as many as her problem list has."""
    ProblemFactory(campaign=campaign, member=world.alice)
    ProblemFactory(campaign=campaign, member=world.alice, source="petition", confidential_detail="举报人：某某")
    ProblemFactory(campaign=campaign, member=world.bob, source="petition")
    client = login(world.alice_user)
    body = client.get(url(campaign)).content.decode()
    total = int(re.search(r'data-mine="problems">(\d+) 个<', body)[1])
    listed = client.get(reverse("problem_list", args=[campaign.pk])).context["table"].paginator.count
    assert total == listed == 2
    assert "举报人" not in body


def test_a_secretary_starts_at_their_own_branch(campaign, world, login):
    body = login(world.sec_a).get(url(campaign)).content.decode()
    assert 'id="scope-name">一中党支部<' in body


def test_confidential_sources_are_listed_for_discipline_only(campaign, world, login):
    assert "信访举报" not in login(world.leader).get(url(campaign)).content.decode()
    assert "信访举报" in login(world.discipline).get(url(campaign)).content.decode()
