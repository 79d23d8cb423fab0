"""The reflections page: a member's own, a reviewer's scope with per-org counts."""

from django.urls import reverse

from qingfeng.core.testing import pinned_queries
from qingfeng.orgs.models import Org, Role
from qingfeng.orgs.tests.factories import MemberFactory, UserFactory
from qingfeng.study.models import Reflection
from qingfeng.study.tests.test_reflection_workflow import log_in_bob, make_reflection

S = Reflection.Status


def url(campaign, query=""):
    return reverse("reflection_list", args=[campaign.pk]) + query


def test_a_member_sees_her_own_reflections_only(campaign, world, login):
    make_reflection(campaign, world.alice, title="张丽的体会")
    make_reflection(campaign, world.bob, S.SUBMITTED, title="王强的体会")
    response = login(world.alice_user).get(url(campaign))
    assert [r.title for r in response.context["mine"]] == ["张丽的体会"]
    assert "table" not in response.context
    assert "王强的体会" not in response.content.decode()
    assert "撰写心得体会" in response.content.decode()


def test_another_member_does_not_see_hers(campaign, world, login):
    make_reflection(campaign, world.alice, S.SUBMITTED, title="张丽的体会")
    response = login(log_in_bob(world)).get(url(campaign))
    assert list(response.context["mine"]) == []
    assert "张丽的体会" not in response.content.decode()


def test_a_reviewer_sees_submitted_ones_in_scope_waiting_first(campaign, world, login):
    make_reflection(campaign, world.alice, S.ACCEPTED, title="已通过的")
    make_reflection(campaign, world.bob, S.SUBMITTED, title="待审的")
    make_reflection(campaign, world.alice, title="草稿")
    make_reflection(campaign, world.carol, S.SUBMITTED, title="二中的")
    response = login(world.sec_a).get(url(campaign))
    assert [row.record.title for row in response.context["table"].page] == ["待审的", "已通过的"]
    response = login(world.admin).get(url(campaign))
    assert [row.record.title for row in response.context["table"].page][-1] == "已通过的"
    assert {row.record.title for row in response.context["table"].page} == {"已通过的", "待审的", "二中的"}


def test_a_reviewer_filters_by_status(campaign, world, login):
    make_reflection(campaign, world.alice, S.ACCEPTED, title="已通过的")
    make_reflection(campaign, world.bob, S.SUBMITTED, title="待审的")
    response = login(world.sec_a).get(url(campaign, "?status=accepted"))
    assert [row.record.title for row in response.context["table"].page] == ["已通过的"]


def test_the_counts_per_org_count_members(campaign, world, login):
    make_reflection(campaign, world.alice, S.ACCEPTED)
    make_reflection(campaign, world.alice, S.SUBMITTED)
    make_reflection(campaign, world.bob)  # a draft is not submitted
    make_reflection(campaign, world.carol, S.RETURNED)
    counts = login(world.admin).get(url(campaign)).context["counts"]
    assert counts == [
        {"org": "一中党支部", "path": world.a.path, "members": 2, "submitted": 1, "accepted": 1},
        {"org": "二中党支部", "path": world.b.path, "members": 1, "submitted": 1, "accepted": 0},
    ]
    counts = login(world.sec_b).get(url(campaign)).context["counts"]
    assert [c["org"] for c in counts] == ["二中党支部"]


def test_the_leader_reads_the_list(campaign, world, login):
    make_reflection(campaign, world.bob, S.SUBMITTED, title="待审的")
    response = login(world.leader).get(url(campaign))
    assert [row.record.title for row in response.context["table"].page] == ["待审的"]
    assert "撰写心得体会" not in response.content.decode()


def grow(world, campaign, n):
    for i in range(n):
        branch = Org.create(world.g, code=f"R{n}-{i}", name=f"扩展支部{n}-{i}", kind=Org.Kind.BRANCH)
        member = MemberFactory(org=branch, name=f"党员{n}-{i}")
        make_reflection(campaign, member, S.SUBMITTED)
        make_reflection(campaign, MemberFactory(org=world.a, name=f"甲{n}-{i}"), S.ACCEPTED)


def test_the_reviewer_list_query_count_is_pinned(campaign, world, client):
    member_admin = UserFactory(username="member_admin", role=Role.Kind.ORG_ADMIN, org=world.c)
    MemberFactory(org=world.a, name="管理员本人", user=member_admin)
    client.force_login(member_admin)
    client.get(url(campaign))
    for size in (2, 10):
        grow(world, campaign, size)
        with pinned_queries("campaigns.reflection_list"):
            response = client.get(url(campaign))
        assert response.status_code == 200
        assert len(response.context["counts"]) == 1 + 1 + (2 if size == 2 else 12)
