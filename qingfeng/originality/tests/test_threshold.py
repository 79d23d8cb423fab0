"""查重标记线: a campaign's org admin sets the share at which a submission is flagged; the default until then."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from qingfeng.campaigns.models import Campaign
from qingfeng.campaigns.tests.factories import CampaignFactory
from qingfeng.originality import engine
from qingfeng.originality.checks import flagged, threshold_of
from qingfeng.originality.models import Document, Threshold

pytestmark = pytest.mark.django_db


def address(campaign) -> str:
    return reverse("originality_threshold", args=[campaign.pk])


def test_it_shows_the_default_until_a_line_is_set(world, login, campaign):
    response = login(world.admin).get(address(campaign))
    assert response.status_code == 200
    assert response.context["form"]["percent"].value() == round(engine.THRESHOLD * 100)
    assert f"本专项工作使用默认标记线：重复率达到 <strong>{round(engine.THRESHOLD * 100)}%</strong>" in \
        response.content.decode()


def test_the_org_admin_sets_the_line_and_every_change_is_kept(world, login, campaign):
    client = login(world.admin)
    response = client.post(address(campaign), {"percent": "40"})
    assert response.status_code == 302 and response["Location"] == address(campaign)
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["已将查重标记线设为 40%"]
    assert threshold_of(campaign) == pytest.approx(0.4)
    client.post(address(campaign), {"percent": "15"})
    assert Threshold.objects.get(campaign=campaign).flag_at == pytest.approx(0.15)
    assert list(Threshold.history.values_list("flag_at", "history_change_reason", "history_user__username")
                .order_by("history_id")) == [(0.4, "设置查重标记线", "admin"), (0.15, "设置查重标记线", "admin")]
    page = client.get(address(campaign)).content.decode()
    assert "本专项工作的标记线：重复率达到 <strong>15%</strong>" in page


def test_a_submission_is_flagged_by_its_campaigns_line(world, login, campaign):
    document = Document(campaign=campaign, score=0.3)
    assert flagged(document, threshold_of(campaign))
    login(world.admin).post(address(campaign), {"percent": "31"})
    assert not flagged(document, threshold_of(campaign))


@pytest.mark.parametrize("typed", ["0", "101", "25.5", "", "三十"])
def test_a_line_outside_1_to_100_whole_percent_is_refused(world, login, campaign, typed):
    response = login(world.admin).post(address(campaign), {"percent": typed})
    assert response.status_code == 200
    assert response.context["form"].errors["percent"]
    assert not Threshold.objects.exists()


def test_a_closed_campaigns_line_stays_as_it_was(world, login, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    response = login(world.admin).post(address(campaign), {"percent": "40"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["专项工作已结束，记录只读"]
    assert not Threshold.objects.exists()


@pytest.mark.parametrize("who", ["sec_a", "sec_b", "leader", "inspector", "discipline", "alice_user"])
def test_nobody_but_the_org_admin_over_the_campaign_may_set_it(world, login, campaign, who):
    client = login(getattr(world, who))
    assert client.get(address(campaign)).status_code == 403
    assert client.post(address(campaign), {"percent": "40"}).status_code == 403
    assert not Threshold.objects.exists()


def test_a_campaign_outside_the_users_scope_is_not_found(world, login):
    other = CampaignFactory(org=world.b, created_by=world.admin)
    client = login(world.sec_a)
    assert client.get(address(other)).status_code == 404
    assert client.post(address(other), {"percent": "40"}).status_code == 404
    assert not Threshold.objects.exists()
