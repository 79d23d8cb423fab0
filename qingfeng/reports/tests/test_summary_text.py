"""编写总结报告: the launcher writes the report's sections for one org; everyone else is refused."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from qingfeng.reports.models import SummaryText

FILLED = {"overview": "县委印发实施方案。", "practices": "（一）抓学习。集中学习12次。", "results": "",
          "shortcomings": "个别支部进度偏慢。", "next_steps": "建立长效机制。"}


def edit_url(campaign, org=None):
    return reverse("summary_text_edit", args=[campaign.pk]) + (f"?org={org.pk}" if org else "")


def campaign_page(campaign, org):
    return f"{reverse('campaign_detail', args=[campaign.pk])}?org={org.pk}"


def test_the_launcher_writes_the_texts_and_every_change_is_kept(world, login, campaign):
    client = login(world.admin)
    page = client.get(edit_url(campaign, world.g)).content.decode()
    assert "编写总结报告（教育局党总支）" in page and "主要做法" in page and "保存" in page
    response = client.post(edit_url(campaign, world.g), FILLED)
    assert response.status_code == 302 and response["Location"] == campaign_page(campaign, world.g)
    text = SummaryText.objects.get(campaign=campaign, org=world.g)
    assert (text.practices, text.updated_by) == (FILLED["practices"], world.admin)
    client.post(edit_url(campaign, world.g), {**FILLED, "practices": "改写后的做法"})
    text.refresh_from_db()
    assert text.practices == "改写后的做法"
    assert [h.practices for h in text.history.order_by("history_date")] == [FILLED["practices"], "改写后的做法"]
    assert text.history.first().history_user == world.admin
    assert "上次保存：admin" in client.get(edit_url(campaign, world.g)).content.decode()


def test_the_last_saver_is_named_as_the_navbar_names_them(world, login, campaign):
    world.admin.first_name = "县委组织部"
    world.admin.save()
    client = login(world.admin)
    client.post(edit_url(campaign, world.g), FILLED)
    assert "上次保存：县委组织部，" in client.get(edit_url(campaign, world.g)).content.decode()


def test_the_texts_are_kept_per_org(world, login, campaign):
    client = login(world.admin)
    client.post(edit_url(campaign), {**FILLED, "practices": "县委的做法"})
    client.post(edit_url(campaign, world.a), {**FILLED, "practices": "一中的做法"})
    assert dict(SummaryText.objects.values_list("org__name", "practices")) == {"清风县委": "县委的做法",
                                                                              "一中党支部": "一中的做法"}


# A member cannot even see her branch as an org: 404, as for any org out of sight.
@pytest.mark.parametrize(("who", "status"), [("sec_a", 403), ("leader", 403), ("inspector", 403),
                                             ("discipline", 403), ("alice_user", 404)])
def test_whoever_may_not_launch_campaigns_there_is_refused(world, login, campaign, who, status):
    client = login(getattr(world, who))
    org = world.a  # a secretary's own branch, where she may see and do everything else
    assert client.get(edit_url(campaign, org)).status_code == status
    assert client.post(edit_url(campaign, org), FILLED).status_code == status
    assert client.get(edit_url(campaign)).status_code == 403  # the campaign's own org, which she sees
    assert not SummaryText.objects.exists()


def test_an_org_outside_ones_scope_is_not_found_and_a_visitor_logs_in(world, login, campaign, client):
    assert login(world.sec_b).get(edit_url(campaign, world.a)).status_code == 404
    client.logout()
    response = client.get(edit_url(campaign))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_text_too_long_is_refused_naming_the_section_and_nothing_is_saved(world, login, campaign):
    response = login(world.admin).post(edit_url(campaign), {**FILLED, "shortcomings": "长" * 5001})
    assert response.status_code == 200
    assert "存在的不足：" in response.content.decode() and "5000" in response.content.decode()
    assert not SummaryText.objects.exists()


def test_a_closed_campaign_keeps_its_texts_read_only(world, login, campaign):
    campaign.status = campaign.Status.CLOSED
    campaign.save()
    assert "专项工作已结束，记录只读" in login(world.admin).get(edit_url(campaign)).content.decode()
    response = login(world.admin).post(edit_url(campaign), FILLED)
    assert response["Location"] == campaign_page(campaign, world.c)
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["专项工作已结束，记录只读"]
    assert not SummaryText.objects.exists()


def test_the_campaign_page_links_the_editor_for_the_launcher_only(world, login, campaign):
    page = login(world.admin).get(campaign_page(campaign, world.b)).content.decode()
    assert f'href="{edit_url(campaign, world.b)}"' in page.replace("&amp;", "&")
    for who in (world.sec_b, world.leader):
        assert "summary-text-edit" not in login(who).get(campaign_page(campaign, world.b)).content.decode()
