"""The problems of a campaign: what each user sees, filters, counts and search."""

import pytest
from django.urls import reverse

from qingfeng.campaigns.models import Campaign
from qingfeng.core.testing import pinned_queries
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.orgs.tests.factories import MemberFactory


@pytest.fixture
def problems(campaign, world):
    return dict(
        plain=ProblemFactory(campaign=campaign, member=world.alice, source="superior", description="学习走过场",
                             dimension="工作作风"),
        criticism=ProblemFactory(campaign=campaign, member=world.alice, source="criticism", description="开会迟到"),
        carols=ProblemFactory(campaign=campaign, member=world.carol, source="public", description="服务态度生硬"),
        secret=ProblemFactory(campaign=campaign, member=world.alice, source="petition", description="收受礼金线索",
                              confidential_detail="举报人：某某"),
    )


def get(login, user, campaign, **params):
    return login(user).get(reverse("problem_list", args=[campaign.pk]), params)


def shown(page):
    return {row.record.description for row in page.context["table"].paginated_rows}


def test_it_lists_the_problems_of_the_secretarys_branch(campaign, world, login, problems):
    page = get(login, world.sec_a, campaign)
    assert page.status_code == 200
    assert shown(page) == {"学习走过场", "开会迟到"}
    assert "登记问题" in page.content.decode()


def test_confidential_problems_are_absent_from_list_counts_and_search(campaign, world, login, problems):
    for user in [world.sec_a, world.admin, world.leader, world.inspector]:
        page = get(login, user, campaign)
        assert "收受礼金线索" not in shown(page)
        assert "信访举报" not in dict(page.context["source_counts"])
        assert page.context["total"] == len(shown(page))
        assert shown(get(login, user, campaign, q="礼金")) == set()
        filtered = get(login, user, campaign, source="petition")
        assert shown(filtered) == set() and filtered.context["total"] == 0
        assert "收受礼金线索" not in filtered.content.decode()


def test_the_discipline_role_sees_and_counts_confidential_problems(campaign, world, login, problems):
    page = get(login, world.discipline, campaign)
    assert "收受礼金线索" in shown(page)
    assert dict(page.context["source_counts"])["信访举报"] == 1
    assert page.context["total"] == 4
    assert shown(get(login, world.discipline, campaign, q="礼金")) == {"收受礼金线索"}


def test_a_member_sees_only_their_own_problems_including_confidential_ones(campaign, world, login, problems):
    page = get(login, world.alice_user, campaign)
    assert shown(page) == {"学习走过场", "开会迟到", "收受礼金线索"}
    assert "登记问题" not in page.content.decode()
    assert "举报人" not in page.content.decode()


def test_it_filters_by_source_dimension_org_and_search(campaign, world, login, problems):
    assert shown(get(login, world.admin, campaign, source="criticism")) == {"开会迟到"}
    assert shown(get(login, world.admin, campaign, dimension="工作作风")) == {"学习走过场"}
    assert shown(get(login, world.admin, campaign, org=world.b.pk)) == {"服务态度生硬"}
    assert shown(get(login, world.admin, campaign, q="张丽")) == {"学习走过场", "开会迟到"}
    assert shown(get(login, world.admin, campaign, q="迟到")) == {"开会迟到"}


def test_the_other_branch_secretary_sees_only_their_branch(campaign, world, login, problems):
    assert shown(get(login, world.sec_b, campaign)) == {"服务态度生硬"}
    # An org outside their scope is not a valid filter choice: nothing leaks through it.
    page = get(login, world.sec_b, campaign, org=world.a.pk)
    assert "学习走过场" not in page.content.decode()


def test_it_counts_rectifications_per_problem(campaign, world, login, problems):
    RectificationFactory(problem=problems["plain"])
    RectificationFactory(problem=problems["plain"])
    page = get(login, world.sec_a, campaign)
    counts = {row.record.description: row.record.rectification_count for row in page.context["table"].rows}
    assert counts == {"学习走过场": 2, "开会迟到": 0}
    assert page.context["total"] == 2
    assert dict(page.context["source_counts"]) == {"上级点评": 1, "批评意见": 1}


def test_a_campaign_of_another_branch_is_404(campaign, world, login):
    other = Campaign.objects.create(org=world.b, title="二中自查", created_by=world.admin, status="active")
    assert login(world.sec_a).get(reverse("problem_list", args=[other.pk])).status_code == 404
    assert login(world.sec_b).get(reverse("problem_list", args=[other.pk])).status_code == 200


def test_it_requires_login(campaign, client):
    page = client.get(reverse("problem_list", args=[campaign.pk]))
    assert page.status_code == 302 and "/login/" in page.url


def grow(campaign, world, n):
    """More problems in the shown branch and elsewhere, with rectifications and checklist items."""
    items = list(campaign.checklist.categories.first().items.all())
    for i in range(n):
        member = MemberFactory(org=world.a, name=f"甲{n}-{i}")
        problem = ProblemFactory(campaign=campaign, member=member, source="criticism",
                                 checklist_item=items[i % len(items)])
        RectificationFactory(problem=problem)
        ProblemFactory(campaign=campaign, member=world.carol, source="public")
        ProblemFactory(campaign=campaign, member=member, source="petition")


@pytest.mark.parametrize("username", ["sec_a", "admin", "discipline"])
def test_query_count_is_pinned_and_flat(campaign, world, client, username):
    client.force_login(getattr(world, username))
    url = reverse("problem_list", args=[campaign.pk])
    client.get(url)  # warm: session, content types
    for size in (3, 40):
        grow(campaign, world, size)
        with pinned_queries("ledger.problem_list"):
            page = client.get(url)
        assert page.status_code == 200
        assert len(page.context["table"].paginated_rows) > 0


def org_options(page) -> list[str]:
    return [label.strip("\u3000") for value, label in page.context["filter"].org_choices() if value]


def test_the_org_filter_lists_the_campaign_org_and_its_sub_orgs_then_goes_deeper(campaign, world, login, problems):
    assert org_options(get(login, world.admin, campaign)) == ["清风县委", "教育局党总支"]
    assert org_options(get(login, world.admin, campaign, org=world.g.pk)) == [
        "清风县委", "教育局党总支", "一中党支部", "二中党支部"]
    assert org_options(get(login, world.sec_b, campaign)) == ["二中党支部"]


def test_an_org_outside_the_scope_or_forged_lists_nothing_and_says_why(campaign, world, login, problems):
    for org in (world.a.pk, 999999, "abc"):
        page = get(login, world.sec_b, campaign, org=org)
        assert shown(page) == set()
        assert "所选组织不存在或不在您的查看范围内" in page.content.decode()


def test_the_dimension_filter_offers_all_dimensions_once(campaign, world, login, problems):
    body = get(login, world.sec_a, campaign).content.decode()
    select = body[body.index('name="dimension"'):]
    select = select[:select.index("</select>")]
    assert select.count("全部维度") == 1
    assert select.count("<option") == 1 + len(campaign.get_dimensions())


def test_problems_without_rectifications_are_marked(campaign, world, login, problems):
    RectificationFactory(problem=problems["plain"])
    page = get(login, world.sec_a, campaign)
    body = page.content.decode()
    rows = {row.record.description: row for row in page.context["table"].rows}
    assert "未制定整改措施" in rows["开会迟到"].get_cell("rectification_count")
    assert rows["学习走过场"].get_cell("rectification_count") == 1
    assert body.count("未制定整改措施") == 1


def test_the_source_filter_offers_confidential_sources_only_to_the_discipline_role(campaign, world, login, problems):
    def offered(user, **params):
        return dict(get(login, user, campaign, **params).context["filter"].form.fields["source"].choices)

    assert "petition" not in offered(world.sec_a) and "discipline" not in offered(world.sec_a)
    assert "superior" in offered(world.sec_a)
    assert {"petition", "discipline"} <= set(offered(world.discipline))
    page = get(login, world.sec_a, campaign, source="petition")
    assert "petition 不在可用的选项中" in page.content.decode()
