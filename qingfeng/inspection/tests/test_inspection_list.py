"""Reviewers see who has submitted a self-inspection and read each one; members read their own."""

import pytest
from django.urls import reverse

from qingfeng.core.testing import pinned_queries
from qingfeng.inspection.models import SelfInspection
from qingfeng.inspection.tests.helpers import detail_url, make_inspection
from qingfeng.orgs.models import Org, Role
from qingfeng.orgs.tests.factories import MemberFactory, UserFactory

S = SelfInspection.Status


def list_url(campaign, query=""):
    return reverse("inspection_list", args=[campaign.pk]) + query


def test_the_secretary_sees_who_submitted_and_who_has_not(campaign, world, login):
    make_inspection(campaign, world.alice, S.SUBMITTED)
    make_inspection(campaign, world.carol, S.SUBMITTED)
    response = login(world.sec_a).get(list_url(campaign))
    assert response.context["counts"] == {"total": 2, "submitted": 1, "draft": 0, "none": 1}
    rows = {row.record.name: bool(row.record.records) for row in response.context["table"].page}
    assert rows == {"张丽": True, "王强": False}
    assert "李梅" not in response.content.decode()


def test_the_list_filters_by_state(campaign, world, login):
    make_inspection(campaign, world.alice, S.SUBMITTED)
    make_inspection(campaign, world.bob)
    client = login(world.admin)
    names = {show: [row.record.name for row in client.get(list_url(campaign, f"?show={show}")).context["table"].page]
             for show in ("submitted", "draft", "none")}
    assert names == {"submitted": ["张丽"], "draft": ["王强"], "none": ["李梅"]}


def test_a_member_is_sent_to_her_own(campaign, world, login):
    response = login(world.alice_user).get(list_url(campaign))
    assert response["Location"] == reverse("inspection_mine", args=[campaign.pk])


def test_the_leader_reads_the_list(campaign, world, login):
    make_inspection(campaign, world.alice, S.SUBMITTED)
    assert login(world.leader).get(list_url(campaign)).context["counts"]["submitted"] == 1


@pytest.mark.parametrize("who", ["alice_user", "sec_a", "admin", "leader"])
def test_the_member_and_her_overseers_read_it(campaign, world, login, who):
    inspection = make_inspection(campaign, world.alice, S.SUBMITTED)
    assert login(getattr(world, who)).get(detail_url(inspection)).status_code == 200


def test_another_branch_and_another_member_get_not_found(campaign, world, login):
    inspection = make_inspection(campaign, world.alice, S.SUBMITTED)
    assert login(world.sec_b).get(detail_url(inspection)).status_code == 404
    world.bob.user = UserFactory(username="bob", role=Role.Kind.MEMBER, org=world.a)
    world.bob.save()
    assert login(world.bob.user).get(detail_url(inspection)).status_code == 404


def test_the_list_of_another_branch_shows_none_of_hers(campaign, world, login):
    make_inspection(campaign, world.alice, S.SUBMITTED)
    response = login(world.sec_b).get(list_url(campaign))
    assert [row.record.name for row in response.context["table"].page] == ["李梅"]
    assert response.context["counts"]["submitted"] == 0


def test_the_member_may_continue_her_draft_from_the_detail(campaign, world, login):
    inspection = make_inspection(campaign, world.alice)
    assert login(world.alice_user).get(detail_url(inspection)).context["may_edit"]
    assert not login(world.sec_a).get(detail_url(inspection)).context["may_edit"]


def test_the_list_query_count_is_pinned(campaign, world, client):
    client.force_login(world.admin)
    client.get(list_url(campaign))
    for size in (2, 10):
        for i in range(size):
            branch = Org.create(world.g, code=f"I{size}-{i}", name=f"扩展支部{size}-{i}", kind=Org.Kind.BRANCH)
            make_inspection(campaign, MemberFactory(org=branch, name=f"党员{size}-{i}"),
                            S.SUBMITTED if i % 2 else S.DRAFT)
            MemberFactory(org=world.a, name=f"甲{size}-{i}")
        with pinned_queries("campaigns.inspection_list"):
            assert client.get(list_url(campaign)).status_code == 200
