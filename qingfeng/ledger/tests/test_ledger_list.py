"""整改台账: every visible rectification, filtered, paginated, at a flat query cost."""

import datetime

import pytest
from django.urls import reverse
from freezegun import freeze_time

from qingfeng.campaigns.models import Campaign
from qingfeng.core.testing import pinned_queries
from qingfeng.ledger.filters import LedgerFilter
from qingfeng.ledger.models import Rectification
from qingfeng.ledger.tables import CappedPaginator
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.orgs.models import Org
from qingfeng.orgs.tests.factories import MemberFactory

URL = reverse("ledger_list")


def shown(page):
    return {row.record.measure for row in page.context["table"].paginated_rows}


@pytest.fixture
def ledger(campaign, world):
    alices = ProblemFactory(campaign=campaign, member=world.alice, description="学习不深入")
    carols = ProblemFactory(campaign=campaign, member=world.carol, description="服务态度生硬")
    secret = ProblemFactory(campaign=campaign, member=world.alice, source="petition", description="收受礼金线索")
    return dict(
        plan=RectificationFactory(problem=alices, measure="制定学习计划", leader=world.bob, due_in_days=10),
        notes=RectificationFactory(problem=alices, owner=world.bob, measure="撰写学习笔记", due_in_days=-5,
                                   kind=Rectification.Kind.IMMEDIATE),
        done=RectificationFactory(problem=alices, measure="参加专题党课", due_in_days=-5),
        service=RectificationFactory(problem=carols, measure="开展服务承诺", due_in_days=20),
        secret=RectificationFactory(problem=secret, measure="退还礼金并说明", due_in_days=15),
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


def test_the_owner_filter_matches_the_start_of_the_name(world, login, ledger):
    client = login(world.admin)
    assert shown(client.get(URL, {"owner": "王强"})) == {"撰写学习笔记"}
    assert shown(client.get(URL, {"owner": "张"})) == {"制定学习计划", "参加专题党课"}
    assert shown(client.get(URL, {"owner": "强"})) == set()  # not inside the name: that reads every member


def test_sorting_by_kind_keeps_due_date_order_within_a_kind(world, login, ledger):
    page = login(world.sec_a).get(URL, {"sort": "kind"})
    assert [row.record.measure for row in page.context["table"].paginated_rows] == [
        "参加专题党课", "制定学习计划", "撰写学习笔记"]


def org_options(page):
    """The org filter's options, by name, as the page lists them."""
    choices = page.context["filter"].form["org"].field.widget.choices
    return [label.strip("\u3000") for value, label in choices if value]


def test_the_org_filter_lists_only_the_users_orgs_and_their_direct_sub_orgs(world, login, ledger):
    client = login(world.admin)
    page = client.get(URL)
    assert org_options(page) == ["清风县委", "教育局党总支"]
    assert "一中党支部" not in page.content.decode().split('id="ledger-filter"')[1].split("</form>")[0]
    # Choosing an org offers the way down to it, its siblings and its direct sub-orgs (not groups).
    assert org_options(client.get(URL, {"org": world.g.pk})) == ["清风县委", "教育局党总支", "一中党支部", "二中党支部"]
    page = client.get(URL, {"org": world.a.pk})
    assert org_options(page) == ["清风县委", "教育局党总支", "一中党支部", "二中党支部"]
    assert f'<option value="{world.a.pk}" selected>' in page.content.decode()
    assert org_options(login(world.sec_a).get(URL)) == ["一中党支部"]


def test_the_org_filter_does_not_grow_with_the_orgs_below_the_first_level(world, login, ledger):
    for i in range(30):
        Org.create(world.g, code=f"X{i}", name=f"新设第{i}党支部", kind=Org.Kind.BRANCH)
    assert org_options(login(world.admin).get(URL)) == ["清风县委", "教育局党总支"]


def test_the_org_filter_accepts_any_org_in_scope_even_when_not_listed(world, login, ledger):
    client = login(world.admin)
    assert world.a.name not in org_options(client.get(URL))
    assert shown(client.get(URL, {"org": world.a.pk})) == {"制定学习计划", "撰写学习笔记", "参加专题党课"}


@pytest.mark.parametrize("value", ["other-branch", "999999", "abc", "a1-group"])
def test_an_org_outside_the_scope_or_forged_is_refused_with_a_message(world, login, ledger, value):
    org = {"other-branch": world.a.pk, "a1-group": world.a1.pk}.get(value, value)
    page = login(world.sec_b).get(URL, {"org": org})
    assert page.status_code == 200
    html = page.content.decode()
    assert LedgerFilter.ORG_OUT_OF_SCOPE in html
    assert 'id="ledger-filter-error"' in html
    assert shown(page) == set() and "开展服务承诺" not in html  # refused: no rows, nothing leaks
    assert "制定学习计划" not in html and "一中党支部" not in html
    assert 'id="ledger-export"' not in html  # nor an export of something else than asked


def test_a_campaign_outside_the_scope_or_forged_is_refused_with_a_message(campaign, world, login, ledger):
    hidden = Campaign.objects.create(org=world.a, title="一中自查", status=Campaign.Status.ACTIVE,
                                     created_by=world.admin)
    for value in [hidden.pk, 999999, "abc"]:
        page = login(world.sec_b).get(URL, {"campaign": value})
        assert LedgerFilter.CAMPAIGN_OUT_OF_SCOPE in page.content.decode()
        assert shown(page) == set()


def test_the_campaign_filter_lists_the_latest_and_the_chosen_one(campaign, world, login, ledger, monkeypatch):
    monkeypatch.setattr(LedgerFilter, "CAMPAIGN_CHOICES", 1)
    newer = Campaign.objects.create(org=world.c, title="主题教育", status=Campaign.Status.ACTIVE,
                                    created_by=world.admin)
    client = login(world.admin)
    labels = [label for value, label in client.get(URL).context["filter"].form["campaign"].field.widget.choices]
    assert labels == ["全部专项工作", str(newer)]
    page = client.get(URL, {"campaign": campaign.pk})  # an older one still filters, and shows as chosen
    labels = [label for value, label in page.context["filter"].form["campaign"].field.widget.choices]
    assert labels == ["全部专项工作", str(newer), str(campaign)]
    assert shown(page) == {"制定学习计划", "撰写学习笔记", "参加专题党课", "开展服务承诺"}


def test_a_long_list_shows_a_capped_count(campaign, world, login, monkeypatch):
    problem = ProblemFactory(campaign=campaign, member=world.alice)
    for i in range(5):
        RectificationFactory(problem=problem, measure=f"措施{i}")
    accept(RectificationFactory(problem=problem, measure="已销号一"))
    accept(RectificationFactory(problem=problem, measure="已销号二"))
    client = login(world.sec_a)
    page = client.get(URL)
    assert "共 7 条" in page.content.decode() and not page.context["table"].paginator.capped
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    page = client.get(URL)
    html = page.content.decode()
    assert "共 3+ 条" in html and "不再精确计数" in html
    assert page.context["table"].paginator.count == 3
    assert shown(page) == {"措施0", "措施1", "措施2"}  # pages stop at the cap
    page = client.get(URL, {"status": "accepted"})  # a shorter list keeps its exact count
    assert "共 2 条" in page.content.decode() and "不再精确计数" not in page.content.decode()


def test_it_filters_by_campaign(campaign, world, login, ledger):
    other = Campaign.objects.create(org=world.c, title="主题教育", status=Campaign.Status.ACTIVE,
                                    created_by=world.admin)
    RectificationFactory(problem=ProblemFactory(campaign=other, member=world.alice), measure="另一项工作的措施")
    client = login(world.admin)
    assert shown(client.get(URL, {"campaign": other.pk})) == {"另一项工作的措施"}
    assert "另一项工作的措施" not in shown(client.get(URL, {"campaign": campaign.pk}))


def test_overdue_is_derived_and_filterable_at_a_frozen_date(campaign, world, login):
    with freeze_time("2026-03-01"):
        problem = ProblemFactory(campaign=campaign, member=world.alice)
        due = RectificationFactory(problem=problem, measure="三月十日到期", due_in_days=9)
        accepted = RectificationFactory(problem=problem, measure="已销号的", due_in_days=0)
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


def test_overdue_with_a_status_is_what_both_filters_say_together(campaign, world, login):
    with freeze_time("2026-03-01"):
        problem = ProblemFactory(campaign=campaign, member=world.alice)
        late = RectificationFactory(problem=problem, measure="逾期待整改", due_in_days=-2)
        RectificationFactory(problem=problem, measure="未到期待整改", due_in_days=5)
        accept(RectificationFactory(problem=problem, measure="逾期后销号", due_in_days=-2))
        accept(RectificationFactory(problem=problem, measure="未到期销号", due_in_days=5))
        Rectification.objects.filter(pk=late.pk).update(status=Rectification.Status.RETURNED)
        RectificationFactory(problem=problem, measure="逾期已退回外的", due_in_days=-1)
        client = login(world.sec_a)
        every = shown(client.get(URL))
        for status in ["", *Rectification.Status.values]:
            for overdue in ["yes", "no"]:
                page = client.get(URL, {"status": status, "overdue": overdue})
                expected = {r.measure for r in Rectification.objects.all()
                            if (not status or r.status == status) and r.is_overdue() == (overdue == "yes")
                            and r.measure in every}
                assert shown(page) == expected, (status, overdue)
                assert page.context["table"].paginator.count == len(expected)
        assert shown(client.get(URL, {"status": "accepted", "overdue": "no"})) == {"逾期后销号", "未到期销号"}
        assert shown(client.get(URL, {"status": "returned", "overdue": "yes"})) == {"逾期待整改"}


def test_it_paginates(campaign, world, login):
    problem = ProblemFactory(campaign=campaign, member=world.alice)
    for i in range(30):
        RectificationFactory(problem=problem, measure=f"措施{i}")
    client = login(world.sec_a)
    assert len(shown(client.get(URL))) == 25
    assert len(shown(client.get(URL, {"page": 2}))) == 5


def test_the_tables_body_is_what_django_tables2_writes_of_the_same_columns(campaign, world, ledger, rf):
    """LedgerTable.body writes the rows in one pass; django-tables2's own template, given the same table, writes
    the same rows: cells, each column's attributes, even/odd, escaping (a measure with markup, no leader, 逾期,
    已销号), and the empty text."""
    import re

    from qingfeng.ledger.tables import LedgerTable

    accept(ledger["done"])
    RectificationFactory(problem=ledger["plan"].problem, leader=None, due_in_days=-1,
                         measure="<b>加粗</b>的措施 & 一个很长很长很长很长很长很长很长很长的说明")

    def bodies(rows):
        table = LedgerTable(rows.select_related("problem", "owner", "leader", "org").order_by("pk"))
        table.paginate(per_page=25)
        ours = table.body()
        table.template_name = "django_tables2/bootstrap5-responsive.html"
        html = table.as_html(rf.get("/"))
        theirs = re.search(r"<tbody[^>]*>(.*)</tbody>", html, re.S).group(1)
        return [re.sub(r"\s+>", ">", re.sub(r">\s+<", "><", body.strip())) for body in (ours, theirs)]

    ours, theirs = bodies(Rectification.objects.all())
    assert ours == theirs
    assert ours.count("<tr") == Rectification.objects.count() == 6
    for text in ["&lt;b&gt;加粗&lt;/b&gt;", 'text-bg-danger">逾期', "已销号", '<td class="qf-hide-sm">—</td>']:
        assert text in ours, text
    ours, theirs = bodies(Rectification.objects.none())
    assert ours == theirs and "没有符合条件的整改措施" in ours


def test_it_requires_login(client):
    page = client.get(URL)
    assert page.status_code == 302 and "/login/" in page.url


def grow(campaign, world, n):
    """More rectifications in the shown branch and elsewhere, with more owners and leaders."""
    for i in range(n):
        member = MemberFactory(org=world.a, name=f"甲{n}-{i}")
        problem = ProblemFactory(campaign=campaign, member=member, description=f"问题{n}-{i}")
        RectificationFactory(problem=problem, leader=world.bob, due_in_days=i - n // 2)
        RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.carol), due_in_days=i)
        RectificationFactory(problem=ProblemFactory(campaign=campaign, member=member, source="petition"))


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
    rectification = RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice))
    Rectification.objects.filter(pk=rectification.pk).update(due_date=datetime.date(2026, 11, 23))
    assert "2026年11月23日" in login(world.sec_a).get(URL).content.decode()


def test_the_filtered_columns_keep_finer_statistics_on_postgresql(db):
    """Migration ledger 0005: a sub-committee's orgs and an owner's name are estimated from 1,000 buckets, not 100
    (a wrong estimate walked the list's order index: up to 3.4 s at 500,000 members)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner statistics")
    with connection.cursor() as cursor:
        cursor.execute("SELECT attstattarget FROM pg_attribute WHERE attrelid = 'orgs_org'::regclass "
                       "AND attname = 'path'")
        assert cursor.fetchone() == (1000,)
        cursor.execute("SELECT attstattarget FROM pg_attribute "
                       "WHERE attrelid = 'ledger_owner_name_prefix'::regclass AND attnum = 1")
        assert cursor.fetchone() == (1000,)
