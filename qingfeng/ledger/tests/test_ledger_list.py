"""整改台账: every visible rectification, filtered, paginated, at a flat query cost."""

import datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time

from conftest import make_member, make_problem, make_rectification
from qingfeng.campaigns.models import Campaign
from qingfeng.core.testing import pinned_queries
from qingfeng.ledger.models import Rectification

URL = reverse("ledger_list")


def shown(page):
    return {row.record.measure for row in page.context["table"].paginated_rows}


@pytest.fixture
def ledger(campaign, world):
    alices = make_problem(campaign, world.alice, description="学习不深入")
    carols = make_problem(campaign, world.carol, description="服务态度生硬")
    secret = make_problem(campaign, world.alice, source="petition", description="收受礼金线索")
    return dict(
        plan=make_rectification(alices, measure="制定学习计划", leader=world.bob, due_in_days=10),
        notes=make_rectification(alices, owner=world.bob, measure="撰写学习笔记", due_in_days=-5,
                                 kind=Rectification.Kind.IMMEDIATE),
        done=make_rectification(alices, measure="参加专题党课", due_in_days=-5),
        service=make_rectification(carols, measure="开展服务承诺", due_in_days=20),
        secret=make_rectification(secret, measure="退还礼金并说明", due_in_days=15),
    )


def accept(rectification):
    Rectification.objects.filter(pk=rectification.pk).update(status=Rectification.Status.ACCEPTED)


def test_it_lists_what_the_secretary_may_see(world, login, ledger):
    page = login(world.sec_a).get(URL)
    assert page.status_code == 200
    assert shown(page) == {"制定学习计划", "撰写学习笔记", "参加专题党课"}
    html = page.content.decode()
    for text in ["问题描述", "整改措施", "责任人", "责任领导", "整改时限", "状态", "逾期", "学习不深入", "王强"]:
        assert text in html


def test_confidential_rectifications_are_hidden_from_non_discipline(world, login, ledger):
    for user in [world.sec_a, world.admin, world.leader, world.inspector]:
        page = login(user).get(URL)
        assert "退还礼金并说明" not in shown(page)
        assert "收受礼金线索" not in page.content.decode()
        assert page.context["table"].paginator.count == len(shown(page))
    assert "退还礼金并说明" in shown(login(world.discipline).get(URL))


def test_an_owner_sees_their_own_rectifications(world, login, ledger):
    assert shown(login(world.alice_user).get(URL)) == {"制定学习计划", "参加专题党课", "退还礼金并说明"}


def test_the_other_branch_secretary_sees_only_their_branch(world, login, ledger):
    assert shown(login(world.sec_b).get(URL)) == {"开展服务承诺"}


def test_it_filters_by_status_kind_owner_and_org(world, login, ledger):
    accept(ledger["done"])
    client = login(world.admin)
    assert shown(client.get(URL, {"status": "accepted"})) == {"参加专题党课"}
    assert shown(client.get(URL, {"kind": "immediate"})) == {"撰写学习笔记"}
    assert shown(client.get(URL, {"owner": "王"})) == {"撰写学习笔记"}
    assert shown(client.get(URL, {"org": world.b.pk})) == {"开展服务承诺"}


def test_it_filters_by_campaign(campaign, world, login, ledger):
    other = Campaign.objects.create(org=world.c, title="主题教育", status=Campaign.Status.ACTIVE,
                                    created_by=world.admin)
    make_rectification(make_problem(other, world.alice), measure="另一项工作的措施")
    client = login(world.admin)
    assert shown(client.get(URL, {"campaign": other.pk})) == {"另一项工作的措施"}
    assert "另一项工作的措施" not in shown(client.get(URL, {"campaign": campaign.pk}))


def test_overdue_is_derived_and_filterable_at_a_frozen_date(campaign, world, login):
    with freeze_time("2026-03-01"):
        problem = make_problem(campaign, world.alice)
        due = make_rectification(problem, measure="三月十日到期", due_in_days=9)
        accepted = make_rectification(problem, measure="已销号的", due_in_days=0)
        accept(accepted)
    client = login(world.sec_a)
    with freeze_time("2026-03-10"):
        assert shown(client.get(URL, {"overdue": "yes"})) == set()
        assert shown(client.get(URL, {"overdue": "no"})) == {"三月十日到期", "已销号的"}
    with freeze_time("2026-03-11"):
        page = client.get(URL, {"overdue": "yes"})
        assert shown(page) == {"三月十日到期"}
        assert 'text-bg-danger">逾期' in page.content.decode()
        assert shown(client.get(URL, {"overdue": "no"})) == {"已销号的"}
        assert Rectification.objects.get(pk=due.pk).is_overdue()


def test_it_paginates(campaign, world, login):
    problem = make_problem(campaign, world.alice)
    for i in range(30):
        make_rectification(problem, measure=f"措施{i}")
    client = login(world.sec_a)
    assert len(shown(client.get(URL))) == 25
    assert len(shown(client.get(URL, {"page": 2}))) == 5


def test_it_requires_login(client):
    page = client.get(URL)
    assert page.status_code == 302 and "/login/" in page.url


def grow(campaign, world, n):
    """More rectifications in the shown branch and elsewhere, with more owners and leaders."""
    for i in range(n):
        member = make_member(world.a, f"甲{n}-{i}")
        problem = make_problem(campaign, member, description=f"问题{n}-{i}")
        make_rectification(problem, leader=world.bob, due_in_days=i - n // 2)
        make_rectification(make_problem(campaign, world.carol), due_in_days=i)
        make_rectification(make_problem(campaign, member, source="petition"))


@pytest.mark.parametrize("username", ["sec_a", "admin", "discipline"])
def test_query_count_is_pinned_and_flat(campaign, world, client, username):
    client.force_login(getattr(world, username))
    client.get(URL)  # warm: session, content types
    for size in (3, 40):
        grow(campaign, world, size)
        with pinned_queries("ledger.ledger_list"):
            page = client.get(URL, {"campaign": campaign.pk})
        assert page.status_code == 200
        assert len(page.context["table"].paginated_rows) > 0


def test_the_date_column_reads_in_chinese(campaign, world, login):
    rectification = make_rectification(make_problem(campaign, world.alice))
    Rectification.objects.filter(pk=rectification.pk).update(due_date=datetime.date(2026, 11, 23))
    assert "2026年11月23日" in login(world.sec_a).get(URL).content.decode()
