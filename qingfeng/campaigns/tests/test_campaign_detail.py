import datetime

from django.urls import reverse
from django.utils import timezone

from qingfeng.campaigns.models import Campaign
from qingfeng.campaigns.tests.factories import CampaignFactory


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


def test_the_page_requires_login(campaign, client):
    assert client.get(url(campaign)).status_code == 302


def banner(body: str) -> str:
    start = body.index('id="draft-banner"')
    return body[start:body.index("</div>", start)]


def test_a_ready_draft_asks_for_nothing_already_set(world, login):
    draft = CampaignFactory(org=world.c, created_by=world.admin, status=Campaign.Status.DRAFT)
    text = banner(login(world.admin).get(url(draft)).content.decode())
    assert "问题清单" in text and "可以启动" in text  # says they are set, asks for neither
    assert "还须设置" not in text and "阶段日期" not in text


def test_the_draft_banner_lists_only_what_is_missing(world, login):
    draft = CampaignFactory(org=world.c, created_by=world.admin, status=Campaign.Status.DRAFT, checklist=None)
    draft.phases.filter(kind__in=["rectify", "review"]).delete()
    text = banner(login(world.admin).get(url(draft)).content.decode())
    assert "还须设置问题清单、「改」阶段日期、「总结」阶段日期。" in text
    assert "「学」" not in text and "「查」" not in text


def test_a_draft_without_anything_lists_every_missing_step(world, login):
    draft = CampaignFactory(org=world.c, created_by=world.admin, status=Campaign.Status.DRAFT, checklist=None,
                            phases=False)
    text = banner(login(world.admin).get(url(draft)).content.decode())
    assert "问题清单、「学」阶段日期、「查」阶段日期、「改」阶段日期、「总结」阶段日期" in text
