"""Pinned query counts (qingfeng/core/tests/query_counts.json): cost must not grow with data."""

import pytest
from django.urls import reverse

from qingfeng.core.testing import pinned_queries
from qingfeng.orgs.models import Org
from qingfeng.orgs.tests.factories import MemberFactory


def grow(world, n):
    """More of everything: members in the shown branch, in other branches, more orgs."""
    for i in range(n):
        MemberFactory(org=world.a, name=f"甲{i}", group=world.a1)
        MemberFactory(org=world.b, name=f"乙{i}")
    for i in range(n // 5):
        branch = Org.create(world.g, code=f"X{n}-{i}", name=f"扩展支部{i}", kind=Org.Kind.BRANCH)
        MemberFactory(org=branch, name=f"丙{n}-{i}")


VIEWS = [
    ("orgs.org_tree", "admin", lambda w: reverse("org_tree")),
    ("orgs.org_children", "admin", lambda w: reverse("org_children", args=[w.g.pk])),
    ("orgs.org_detail.branch", "sec_a", lambda w: reverse("org_detail", args=[w.a.pk])),
    ("orgs.org_detail.committee", "admin", lambda w: reverse("org_detail", args=[w.c.pk])),
    ("orgs.member_detail", "sec_a", lambda w: reverse("member_detail", args=[w.alice.pk])),
    ("orgs.member_history", "sec_a", lambda w: reverse("member_history", args=[w.alice.pk])),
]


@pytest.mark.parametrize(("name", "username", "make_url"), VIEWS, ids=[v[0] for v in VIEWS])
def test_query_count_is_pinned_and_flat(world, client, name, username, make_url):
    client.force_login(getattr(world, username))
    url = make_url(world)
    client.get(url)  # warm: session, content types
    for size in (3, 40):
        grow(world, size)
        with pinned_queries(name):
            page = client.get(url)
        assert page.status_code == 200
