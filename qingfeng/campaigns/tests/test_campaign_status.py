import pytest
from django.urls import reverse

from qingfeng.campaigns.models import Campaign, KeyTask


def post(client, name, campaign):
    return client.post(reverse(name, args=[campaign.pk]))


@pytest.fixture
def draft(campaign):
    Campaign.objects.filter(pk=campaign.pk).update(status="draft")
    campaign.refresh_from_db()
    return campaign


def test_an_org_admin_activates_a_ready_draft(draft, world, login):
    page = post(login(world.admin), "campaign_activate", draft)
    assert page.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "active"
    assert draft.history.first().history_change_reason == "启动"


def test_a_draft_without_checklist_or_phases_cannot_start(draft, world, login):
    Campaign.objects.filter(pk=draft.pk).update(checklist=None)
    draft.phases.filter(kind__in=["rectify", "review"]).delete()
    client = login(world.admin)
    page = post(client, "campaign_activate", draft)
    body = client.get(page["Location"]).content.decode()
    assert "启动前请先设置问题清单、「改」阶段日期、「总结」阶段日期" in body
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_an_org_admin_closes_an_active_campaign(campaign, world, login):
    post(login(world.admin), "campaign_close", campaign)
    campaign.refresh_from_db()
    assert campaign.status == "closed"


def test_a_draft_cannot_be_closed_and_a_closed_campaign_stays_closed(draft, world, login):
    client = login(world.admin)
    post(client, "campaign_close", draft)
    draft.refresh_from_db()
    assert draft.status == "draft"
    Campaign.objects.filter(pk=draft.pk).update(status="closed")
    page = post(client, "campaign_activate", draft)
    assert "专项工作已结束，记录只读" in client.get(page["Location"]).content.decode()
    draft.refresh_from_db()
    assert draft.status == "closed"


@pytest.mark.parametrize("name", ["campaign_activate", "campaign_close"])
def test_status_changes_are_post_only(campaign, world, login, name):
    assert login(world.admin).get(reverse(name, args=[campaign.pk])).status_code == 405


@pytest.mark.parametrize("who", ["sec_a", "leader", "inspector", "discipline", "alice_user"])
def test_only_an_org_admin_changes_the_status(campaign, world, login, who):
    assert post(login(getattr(world, who)), "campaign_close", campaign).status_code == 403
    campaign.refresh_from_db()
    assert campaign.status == "active"


def test_a_user_outside_the_campaign_gets_404(world, login):
    over_b = Campaign.objects.create(org=world.b, title="二中专项", created_by=world.admin)
    assert post(login(world.sec_a), "campaign_activate", over_b).status_code == 404


def test_the_page_shows_the_buttons_to_the_org_admin_only(campaign, world, login):
    assert 'id="campaign-actions"' in login(world.admin).get(
        reverse("campaign_detail", args=[campaign.pk])).content.decode()
    assert 'id="campaign-actions"' not in login(world.leader).get(
        reverse("campaign_detail", args=[campaign.pk])).content.decode()


def test_a_closed_campaign_refuses_every_write(campaign, world, login):
    Campaign.objects.filter(pk=campaign.pk).update(status="closed")
    client = login(world.sec_a)
    page = client.post(reverse("campaign_task_add", args=[campaign.pk]), {"org": world.a.pk, "title": "自选"})
    assert "专项工作已结束，记录只读" in client.get(page["Location"]).content.decode()
    assert not KeyTask.objects.filter(required=False).exists()
    body = login(world.admin).get(reverse("campaign_detail", args=[campaign.pk])).content.decode()
    assert "专项工作已结束，记录只读" in body
    assert reverse("campaign_edit", args=[campaign.pk]) not in body
    assert "添加自选动作" not in body
