"""Submitting a self-inspection (查): complete or refused, and each finding becomes a Problem in the ledger."""

import pytest
from django.urls import reverse

from qingfeng.campaigns.models import Campaign
from qingfeng.inspection.models import InspectionAnswer, SelfInspection
from qingfeng.inspection.tests.helpers import SECTIONS, answers, items, submit, url
from qingfeng.ledger.models import Problem
from qingfeng.orgs.models import Role
from qingfeng.orgs.tests.factories import UserFactory

A = InspectionAnswer.Answer


def test_submitting_makes_a_problem_of_each_finding(campaign, world, login):
    client = login(world.alice_user)
    data = answers(campaign, **{"1_1": "exists|学习不系统|比如：一年只读了一本书|政治素质",
                                "2_1": "partly|会议多|比如：每周例会三次|工作作风"})
    response = submit(client, campaign, {**data, **SECTIONS})
    inspection = SelfInspection.objects.get()
    assert response["Location"] == reverse("inspection_detail", args=[campaign.pk, inspection.pk])
    assert inspection.status == SelfInspection.Status.SUBMITTED and inspection.submitted_at
    by_item = items(campaign)
    problems = {p.checklist_item.code: p for p in Problem.objects.all()}
    assert set(problems) == {"1.1", "2.1"}
    first = problems["1.1"]
    assert (first.source, first.org, first.member, first.campaign, first.created_by) == (
        Problem.Source.SELF, world.a, world.alice, campaign, world.alice_user)
    assert (first.checklist_item, first.dimension, first.description, first.example, first.root_cause) == (
        by_item["1.1"], "政治素质", "学习不系统", "比如：一年只读了一本书", "理论学习不够深入")
    assert problems["2.1"].dimension == "工作作风"


def test_opening_the_form_stores_nothing_until_the_member_saves(campaign, world, login):
    client = login(world.alice_user)
    assert client.get(url(campaign)).status_code == 200
    assert not SelfInspection.objects.exists()
    assert "尚未填写" in client.get(reverse("my_work")).content.decode()


def test_saving_a_draft_makes_no_problem(campaign, world, login):
    client = login(world.alice_user)
    data = answers(campaign, **{"1_1": "exists|学习不系统|比如|政治素质"})
    response = client.post(url(campaign), {**data, "action": "save", "study_summary": "写了一半"})
    assert response.status_code == 302
    inspection = SelfInspection.objects.get()
    assert inspection.status == SelfInspection.Status.DRAFT
    assert inspection.study_summary == "写了一半"
    assert inspection.answers.count() == 5
    assert not Problem.objects.exists()


def test_a_draft_keeps_a_description_typed_before_the_answer(campaign, world, login):
    client = login(world.alice_user)
    item = items(campaign)["1.2"]
    client.post(url(campaign), {f"description_{item.pk}": "还没想好选哪个", "action": "save"})
    form = client.get(url(campaign)).context["form"]
    assert form[f"description_{item.pk}"].value() == "还没想好选哪个"
    assert not form[f"answer_{item.pk}"].value()


def test_an_unanswered_item_is_named_and_nothing_is_submitted(campaign, world, login):
    client = login(world.alice_user)
    data = answers(campaign)
    data[f"answer_{items(campaign)['2.2'].pk}"] = ""
    response = submit(client, campaign, {**data, **SECTIONS})
    assert response.status_code == 200
    page = response.content.decode()
    assert "第 2.2 条「官僚主义」：请选择对照结果" in page
    assert not SelfInspection.objects.filter(status=SelfInspection.Status.SUBMITTED).exists()
    assert not InspectionAnswer.objects.exists()
    assert not Problem.objects.exists()


def test_a_finding_needs_a_description_and_a_dimension(campaign, world, login):
    client = login(world.alice_user)
    response = submit(client, campaign, {**answers(campaign, **{"1_2": "partly|||"}), **SECTIONS})
    page = response.content.decode()
    assert "第 1.2 条「信念不坚定」：选择了「部分存在」，请填写问题描述" in page
    assert "第 1.2 条「信念不坚定」：请选择所属维度" in page
    assert not Problem.objects.exists()


def test_empty_sections_are_named(campaign, world, login):
    response = submit(login(world.alice_user), campaign, {**answers(campaign), "study_summary": "有"})
    page = response.content.decode()
    assert "「根源剖析」不能为空" in page and "「整改措施」不能为空" in page
    assert "「学习体会」不能为空" not in page


def test_a_dimension_outside_the_campaigns_list_is_refused(campaign, world, login):
    Campaign.objects.filter(pk=campaign.pk).update(dimensions=["思想", "作风"])
    data = answers(campaign, **{"1_1": "exists|学习不系统||政治素质"})
    response = submit(login(world.alice_user), campaign, {**data, **SECTIONS})
    assert response.status_code == 200
    assert f"dimension_{items(campaign)['1.1'].pk}" in response.context["form"].errors
    assert not Problem.objects.exists()


def test_a_submitted_inspection_is_read_only(campaign, world, login):
    client = login(world.alice_user)
    data = {**answers(campaign, **{"1_1": "exists|学习不系统||政治素质"}), **SECTIONS}
    submit(client, campaign, data)
    inspection = SelfInspection.objects.get()
    response = client.get(url(campaign))
    assert response["Location"] == reverse("inspection_detail", args=[campaign.pk, inspection.pk])
    submit(client, campaign, data)
    assert Problem.objects.count() == 1


def test_the_service_refuses_a_second_submit(campaign, world, login):
    from django.core.exceptions import ValidationError

    from qingfeng.inspection.services import submit_self_inspection

    submit(login(world.alice_user), campaign, {**answers(campaign, **{"1_1": "exists|学习不系统||政治素质"}),
                                               **SECTIONS})
    with pytest.raises(ValidationError, match="不能重复提交"):
        submit_self_inspection(world.alice_user, SelfInspection.objects.get())
    assert Problem.objects.count() == 1


def test_a_reviewer_without_a_member_record_is_sent_to_the_list(campaign, world, login):
    response = login(world.sec_a).post(url(campaign), {**answers(campaign), **SECTIONS, "action": "submit"})
    assert response["Location"] == reverse("inspection_list", args=[campaign.pk])
    assert not SelfInspection.objects.exists()


def test_a_member_no_longer_on_the_roll_is_told_why(campaign, world, login):
    world.alice.is_active = False
    world.alice.save()
    response = login(world.alice_user).post(url(campaign), {**answers(campaign), **SECTIONS, "action": "submit"})
    assert "没有关联本专项工作范围内的党员档案" in response.content.decode()
    assert not SelfInspection.objects.exists()


def test_a_user_with_neither_role_nor_member_record_gets_not_found(campaign, world, login):
    assert login(UserFactory(username="nobody")).get(url(campaign)).status_code == 404


def test_a_member_outside_the_campaign_gets_not_found(campaign, world, login):
    other = Campaign.objects.create(org=world.b, title="二中自查", status=Campaign.Status.ACTIVE,
                                    created_by=world.admin, checklist=campaign.checklist)
    assert login(world.alice_user).get(url(other)).status_code == 404


def test_a_closed_campaign_takes_no_inspection(campaign, world, login):
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    client = login(world.alice_user)
    assert "专项工作已结束，记录只读" in client.get(url(campaign)).content.decode()
    response = submit(client, campaign, {**answers(campaign), **SECTIONS})
    assert "专项工作已结束，记录只读" in response.content.decode()
    assert not SelfInspection.objects.exists()
    assert not Problem.objects.exists()


def test_a_closed_campaign_shows_a_draft_read_only(campaign, world, login):
    client = login(world.alice_user)
    client.post(url(campaign), {**answers(campaign), "action": "save"})
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    inspection = SelfInspection.objects.get()
    response = submit(client, campaign, {**answers(campaign), **SECTIONS})
    assert response["Location"] == reverse("inspection_detail", args=[campaign.pk, inspection.pk])
    inspection.refresh_from_db()
    assert inspection.status == SelfInspection.Status.DRAFT
    assert not Problem.objects.exists()


def test_the_form_groups_items_by_category(campaign, world, login):
    form = login(world.alice_user).get(url(campaign)).context["form"]
    assert [(c.title, [r.item.code for r in rows]) for c, rows in form.grouped()] == [
        ("理想信念方面", ["1.1", "1.2"]), ("工作作风方面", ["2.1", "2.2", "2.3"])]
    assert [c[0] for c in form[f"dimension_{items(campaign)['1.1'].pk}"].field.choices] == [
        "", "政治素质", "担当作为", "工作本领", "工作作风"]


def test_another_members_record_is_not_touched(campaign, world, login):
    world.bob.user = UserFactory(username="bob", role=Role.Kind.MEMBER, org=world.a)
    world.bob.save()
    login(world.alice_user).post(url(campaign), {"action": "save"})
    login(world.bob.user).post(url(campaign), {**answers(campaign), "action": "save"})
    assert {i.member for i in SelfInspection.objects.all()} == {world.alice, world.bob}
    assert SelfInspection.objects.get(member=world.alice).answers.count() == 0
