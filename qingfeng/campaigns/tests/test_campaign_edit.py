from django.urls import reverse

from qingfeng.campaigns.models import Campaign, KeyTask
from qingfeng.campaigns.tests.factories import ChecklistFactory

from .test_campaign_create import PHASES, form


def url(campaign):
    return reverse("campaign_edit", args=[campaign.pk])


def test_an_org_admin_edits_an_active_campaign(campaign, world, login):
    data = form(world, campaign.checklist, title="作风专项整治（调整）", org=world.c.pk,
                required_tasks="开展集中学习\n开展警示教育")
    page = login(world.admin).post(url(campaign), data)
    assert page.status_code == 302
    campaign.refresh_from_db()
    assert campaign.title == "作风专项整治（调整）"
    assert [p.start.isoformat() for p in campaign.phases.order_by("start")] == [
        PHASES[f"{k}_start"] for k in ("study", "inspect", "rectify", "review")]
    assert list(campaign.key_tasks.values_list("title", flat=True)) == ["开展集中学习", "开展警示教育"]


def test_the_form_shows_what_is_stored(campaign, world, login):
    body = login(world.admin).get(url(campaign)).content.decode()
    assert "开展集中学习" in body and "我承诺：严守纪律" in body
    assert campaign.phases.get(kind="rectify").start.isoformat() in body


def test_editing_leaves_optional_tasks_alone(campaign, world, login):
    KeyTask.objects.create(campaign=campaign, title="一中自选", required=False, org=world.a)
    login(world.admin).post(url(campaign), form(world, campaign.checklist, org=world.c.pk, required_tasks=""))
    assert list(campaign.key_tasks.values_list("title", "required")) == [("一中自选", False)]


def test_an_active_campaign_keeps_its_checklist_and_org(campaign, world, login):
    original = campaign.checklist
    other = ChecklistFactory(code="other-list")
    page = login(world.admin).post(url(campaign), form(world, other, org=world.b.pk, title="改名"))
    assert page.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.checklist, campaign.org, campaign.title) == (original, world.c, "改名")


def test_a_draft_campaign_may_change_its_checklist(campaign, world, login):
    Campaign.objects.filter(pk=campaign.pk).update(status="draft")
    other = ChecklistFactory(code="other-list")
    assert login(world.admin).post(url(campaign), form(world, other, org=world.c.pk)).status_code == 302
    campaign.refresh_from_db()
    assert campaign.checklist == other


def test_clearing_a_phase_removes_it(campaign, world, login):
    Campaign.objects.filter(pk=campaign.pk).update(status="draft")
    login(world.admin).post(url(campaign), form(world, campaign.checklist, org=world.c.pk,
                                                review_start="", review_end=""))
    assert sorted(campaign.phases.values_list("kind", flat=True)) == ["inspect", "rectify", "study"]


def test_a_closed_campaign_is_read_only(campaign, world, login):
    Campaign.objects.filter(pk=campaign.pk).update(status="closed")
    client = login(world.admin)
    page = client.post(url(campaign), form(world, campaign.checklist, org=world.c.pk, title="改名"))
    assert page.status_code == 302
    assert "专项工作已结束，记录只读" in client.get(page["Location"]).content.decode()
    assert client.get(url(campaign)).status_code == 302
    campaign.refresh_from_db()
    assert campaign.title == "作风专项整治"


def test_who_may_not_edit(campaign, world, login):
    data = form(world, campaign.checklist, org=world.c.pk, title="改名")
    for user in (world.sec_a, world.leader, world.discipline, world.alice_user):
        assert login(user).post(url(campaign), data).status_code == 403  # they see it, may not edit
    over_b = Campaign.objects.create(org=world.b, title="二中专项", created_by=world.admin)
    assert login(world.sec_a).get(url(over_b)).status_code == 404
    campaign.refresh_from_db()
    assert campaign.title == "作风专项整治"


def test_the_escalation_help_says_the_days(campaign, world, login):
    Campaign.objects.filter(pk=campaign.pk).update(escalate_after_days=3)
    body = login(world.admin).get(url(campaign)).content.decode()
    assert "逾期 3 天督办、逾期 6 天建议约谈" in body
    assert "逾期 M 天" not in body
