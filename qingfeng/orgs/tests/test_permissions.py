"""The one permission rule: a role covers its org's subtree; a member sees only self."""

import pytest

from qingfeng.core.permissions import can, visible_to
from qingfeng.orgs.models import Member, Org, Role
from qingfeng.orgs.tests.factories import UserFactory


def names(qs):
    return set(qs.values_list("name", flat=True))


def test_a_secretary_sees_only_their_branch(world):
    assert names(visible_to(world.sec_a, Member)) == {"张丽", "王强"}
    assert names(visible_to(world.sec_a, Org)) == {"一中党支部", "一中第一党小组"}


def test_an_org_admin_sees_the_whole_subtree(world):
    assert names(visible_to(world.admin, Member)) == {"张丽", "王强", "李梅"}
    assert visible_to(world.admin, Org).count() == 5


def test_a_member_sees_only_their_own_record(world):
    assert names(visible_to(world.alice_user, Member)) == {"张丽"}
    assert not visible_to(world.alice_user, Org).exists()
    assert can(world.alice_user, "view", world.alice)
    assert not can(world.alice_user, "change", world.alice)
    assert not can(world.alice_user, "view", world.bob)


@pytest.mark.parametrize("role", ["leader", "inspector", "discipline"])
def test_read_roles_view_but_do_not_change(world, role):
    user = getattr(world, role)
    assert can(user, "view", world.carol)
    assert not can(user, "change", world.carol)
    assert not can(user, "import", world.b)


def test_a_secretary_changes_their_branch_and_not_another(world):
    assert can(world.sec_a, "change", world.bob)
    assert not can(world.sec_a, "change", world.carol)
    assert not can(world.sec_a, "view", world.carol)
    assert not can(world.sec_a, "manage_org", world.a)


def test_a_role_on_a_group_does_not_reach_the_branch(world):
    user = UserFactory(username="group_sec", role=Role.Kind.SECRETARY, org=world.a1)
    assert can(user, "view", world.a1)
    assert not can(user, "view", world.a)


def test_visible_to_and_can_agree_for_every_user_and_member(world):
    users = [world.admin, world.sec_a, world.sec_b, world.leader, world.alice_user]
    for user in users:
        for action in ["view", "change"]:
            visible = set(visible_to(user, Member, action).values_list("pk", flat=True))
            for member in Member.objects.all():
                assert (member.pk in visible) == can(user, action, member), (user, action, member)


def test_an_anonymous_user_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not visible_to(AnonymousUser(), Member).exists()
    assert not can(AnonymousUser(), "view", world.alice)
