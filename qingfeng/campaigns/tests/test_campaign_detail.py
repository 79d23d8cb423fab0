import datetime
import re

from django.urls import reverse
from django.utils import timezone

from conftest import make_problem
from qingfeng.campaigns.models import Campaign


def url(campaign, query=""):
    return reverse("campaign_detail", args=[campaign.pk]) + query


def test_the_page_shows_the_campaign(campaign, world, login):
    body = login(world.leader).get(url(campaign)).content.decode()
    for text in ("作风专项整治", "进行中", "专项整治", "清风县委", "测试问题清单（第 1 版）",
                 "开展集中学习", "我承诺：严守纪律，不搞特殊。", "政治素质、担当作为、工作本领、工作作风"):
        assert text in body


def test_the_current_phase_is_highlighted(campaign, world, login):
    body = login(world.alice_user).get(url(campaign)).content.decode()
    current = body.split("当前阶段")[0].rsplit("<li", 1)[1]
    assert "查" in current and "list-group-item-danger" in current
    assert body.count("当前阶段") == 1


def test_no_phase_is_current_before_the_campaign(campaign, world, login):
    campaign.phases.update(start=timezone.localdate() + datetime.timedelta(days=10),
                           end=timezone.localdate() + datetime.timedelta(days=20))
    assert "当前阶段" not in login(world.admin).get(url(campaign)).content.decode()


def test_the_page_links_to_the_areas_of_the_campaign(campaign, world, login):
    body = login(world.admin).get(url(campaign)).content.decode()
    assert f'{reverse("ledger_list")}?campaign={campaign.pk}' in body


def test_other_branch_users_cannot_see_a_campaign_over_branch_b(world, login):
    over_b = Campaign.objects.create(org=world.b, title="二中专项", created_by=world.admin, status="active")
    assert login(world.sec_b).get(url(over_b)).status_code == 200
    assert login(world.leader).get(url(over_b)).status_code == 200
    assert login(world.sec_a).get(url(over_b)).status_code == 404
    assert login(world.alice_user).get(url(over_b)).status_code == 404


def test_a_secretary_starts_at_their_own_branch(campaign, world, login):
    body = login(world.sec_a).get(url(campaign)).content.decode()
    assert 'id="scope-name">一中党支部<' in body


def test_a_sub_org_may_be_chosen_within_what_the_user_sees(campaign, world, login):
    make_problem(campaign, world.alice)
    make_problem(campaign, world.carol)
    client = login(world.leader)
    assert 'data-count="problems">2<' in client.get(url(campaign)).content.decode()
    body = client.get(url(campaign, f"?org={world.b.pk}")).content.decode()
    assert 'id="scope-name">二中党支部<' in body and 'data-count="problems">1<' in body
    assert login(world.sec_a).get(url(campaign, f"?org={world.b.pk}")).status_code == 404


def test_confidential_sources_are_listed_for_discipline_only(campaign, world, login):
    assert "信访举报" not in login(world.leader).get(url(campaign)).content.decode()
    assert "信访举报" in login(world.discipline).get(url(campaign)).content.decode()


def test_a_members_problem_figures_add_up_to_the_rows_she_sees(campaign, world, login):
    make_problem(campaign, world.alice)
    make_problem(campaign, world.alice, source="petition", confidential_detail="举报人：某某")
    make_problem(campaign, world.bob, source="petition")
    client = login(world.alice_user)
    body = client.get(url(campaign)).content.decode()
    total = int(re.search(r'data-count="problems">(\d+)<', body)[1])
    rows = {label: int(n) for label, n in re.findall(r'data-source="([^"]+)">(\d+)<', body)}
    listed = client.get(reverse("problem_list", args=[campaign.pk])).context["table"].paginator.count
    assert total == sum(rows.values()) == listed == 2
    assert rows["信访举报"] == 1 and "纪检监察" not in rows
    assert "举报人" not in body


def test_the_page_requires_login(campaign, client):
    assert client.get(url(campaign)).status_code == 302
