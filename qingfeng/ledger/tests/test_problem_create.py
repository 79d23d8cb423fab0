"""Registering a problem from a source other than 自己找."""

import pytest
from django.urls import reverse

from qingfeng.campaigns.models import Campaign
from qingfeng.ledger.models import Problem


def url(campaign):
    return reverse("problem_create", args=[campaign.pk])


def post(client, campaign, **data):
    fields = dict(source="superior", description="批评与自我批评不够", dimension="政治素质")
    fields.update(data)
    return client.post(url(campaign), fields)


def test_a_secretary_registers_a_problem_against_a_member(campaign, world, login):
    client = login(world.sec_a)
    page = post(client, campaign, org=world.a.pk, member=world.alice.pk, example="比如：会上只谈成绩")
    problem = Problem.objects.get()
    assert page.status_code == 302 and page.url == reverse("problem_detail", args=[problem.pk])
    assert (problem.campaign, problem.org, problem.member, problem.source) == (
        campaign, world.a, world.alice, "superior")
    assert problem.created_by == world.sec_a
    assert problem.example == "比如：会上只谈成绩"


def test_a_problem_may_be_against_an_org(campaign, world, login):
    post(login(world.sec_a), campaign, org=world.a.pk, member="", source="criticism")
    problem = Problem.objects.get()
    assert problem.member is None and problem.org == world.a


def test_an_inspector_registers_an_inspection_tour_problem(campaign, world, login):
    post(login(world.inspector), campaign, org=world.b.pk, member=world.carol.pk, source="inspection_tour")
    assert Problem.objects.get().source == "inspection_tour"


def test_the_form_offers_only_orgs_and_members_the_user_may_register_for(campaign, world, login):
    form = login(world.sec_a).get(url(campaign)).context["form"]
    assert set(form.fields["org"].queryset) == {world.a}
    assert set(form.fields["member"].queryset) == {world.alice, world.bob}
    assert "self" not in dict(form.fields["source"].choices)
    assert "confidential_detail" not in form.fields


def test_a_forged_member_id_is_a_form_error(campaign, world, login):
    page = post(login(world.sec_a), campaign, org=world.a.pk, member=world.carol.pk)
    assert page.status_code == 200
    assert "member" in page.context["form"].errors
    assert "涉及党员" in page.content.decode()
    assert not Problem.objects.exists()


def test_a_member_outside_the_chosen_org_is_refused(campaign, world, login):
    page = post(login(world.admin), campaign, org=world.a.pk, member=world.carol.pk)
    assert "「李梅」不在「一中党支部」范围内" in page.context["form"].errors["member"][0]
    assert not Problem.objects.exists()


def test_a_forged_org_id_is_a_form_error(campaign, world, login):
    page = post(login(world.sec_a), campaign, org=world.b.pk, member="")
    assert "org" in page.context["form"].errors
    assert not Problem.objects.exists()


@pytest.mark.parametrize("source", ["petition", "discipline"])
def test_a_secretary_cannot_register_a_confidential_problem(campaign, world, login, source):
    page = post(login(world.sec_a), campaign, org=world.a.pk, member=world.alice.pk, source=source)
    assert page.status_code == 200
    error = page.context["form"].errors["source"][0]
    assert "只能由纪检监察人员登记" in error
    assert error in page.content.decode()
    assert not Problem.objects.exists()


def test_the_discipline_role_registers_a_petition_with_its_confidential_detail(campaign, world, login):
    client = login(world.discipline)
    assert "confidential_detail" in client.get(url(campaign)).context["form"].fields
    post(client, campaign, org=world.a.pk, member=world.alice.pk, source="petition",
         confidential_detail="举报人：王某，信访件 2025-017")
    problem = Problem.objects.get()
    assert problem.source == "petition" and problem.confidential_detail == "举报人：王某，信访件 2025-017"


def test_confidential_detail_is_refused_for_an_ordinary_source(campaign, world, login):
    page = post(login(world.discipline), campaign, org=world.a.pk, source="superior",
                confidential_detail="举报人：王某")
    assert "confidential_detail" in page.context["form"].errors
    assert not Problem.objects.exists()


def test_confidential_detail_posted_by_a_secretary_is_ignored(campaign, world, login):
    post(login(world.sec_a), campaign, org=world.a.pk, confidential_detail="伪造的来源详情")
    assert Problem.objects.get().confidential_detail == ""


def test_self_found_is_not_a_source_here(campaign, world, login):
    page = post(login(world.sec_a), campaign, org=world.a.pk, source="self")
    assert "source" in page.context["form"].errors
    assert not Problem.objects.exists()


def test_a_missing_description_names_the_field(campaign, world, login):
    page = post(login(world.sec_a), campaign, org=world.a.pk, description="")
    assert "问题描述：" in page.content.decode()
    assert not Problem.objects.exists()


@pytest.mark.parametrize("username", ["leader", "alice_user"])
def test_users_who_may_not_register_get_403(campaign, world, login, username):
    client = login(getattr(world, username))
    assert client.get(url(campaign)).status_code == 403
    assert post(client, campaign, org=world.a.pk).status_code == 403
    assert not Problem.objects.exists()


def test_a_campaign_of_another_branch_is_404(campaign, world, login):
    other = Campaign.objects.create(org=world.b, title="二中自查", created_by=world.admin)
    assert login(world.sec_a).get(url(other)).status_code == 404


def test_a_closed_campaign_takes_no_new_problems(campaign, world, login):
    campaign.status = Campaign.Status.CLOSED
    campaign.save()
    page = post(login(world.sec_a), campaign, org=world.a.pk)
    assert page.status_code == 302
    assert not Problem.objects.exists()


def offered_sources(client, campaign):
    """The sources the form's <select> offers, as (value, label)."""
    return list(client.get(url(campaign)).context["form"].fields["source"].widget.choices)


def test_a_secretary_is_offered_only_the_sources_she_may_register(campaign, world, login):
    client = login(world.sec_a)
    assert [value for value, _ in offered_sources(client, campaign)] == [
        "superior", "criticism", "inspection_tour", "public"]
    body = client.get(url(campaign)).content.decode()
    assert "信访举报" not in body and "纪检监察</option>" not in body


def test_the_discipline_role_is_offered_the_confidential_sources_too(campaign, world, login):
    offered = dict(offered_sources(login(world.discipline), campaign))
    assert {"petition", "discipline", "superior"} <= set(offered)
    assert "self" not in offered


def test_a_long_checklist_item_is_offered_shortened_with_an_ellipsis_not_cut_mid_phrase(campaign, world, login):
    item = campaign.checklist.categories.first().items.first()
    item.text = "学习贯彻停留在开会、发文、表态上，结合本单位实际研究具体措施不够"  # 32 characters
    item.save()
    form = login(world.sec_a).get(url(campaign)).context["form"]
    labels = [label for _, label in form.fields["checklist_item"].choices]
    assert f"{item.code} 学习贯彻停留在开会、发文、表态上，结合本单位实际研究具体措施…" in labels
