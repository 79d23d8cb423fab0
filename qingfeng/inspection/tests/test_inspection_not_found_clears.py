"""An item switched to 未发现 keeps nothing of what was typed for it before: saved empty, shown empty."""

from qingfeng.inspection.models import InspectionAnswer, SelfInspection
from qingfeng.inspection.tests.helpers import SECTIONS, answers, detail_url, items, make_inspection, submit, url

A = InspectionAnswer.Answer


def test_a_draft_keeps_no_description_under_not_found(campaign, world, login):
    client = login(world.alice_user)
    data = answers(campaign, **{"1_1": "not_found|学习不系统|比如：一年只读了一本书|政治素质"})
    assert client.post(url(campaign), {**data, "action": "save"}).status_code == 302
    answer = InspectionAnswer.objects.get(item=items(campaign)["1.1"])
    assert (answer.answer, answer.description, answer.example, answer.dimension) == (A.NOT_FOUND, "", "", "")


def test_a_submitted_not_found_item_shows_no_description(campaign, world, login):
    client = login(world.alice_user)
    data = answers(campaign, **{"1_1": "not_found|学习不系统|比如：一年只读了一本书|政治素质",
                                "2_1": "exists|会议多|比如：每周例会三次|工作作风"})
    response = submit(client, campaign, {**data, **SECTIONS})
    inspection = SelfInspection.objects.get()
    assert response["Location"] == detail_url(inspection)
    page = client.get(detail_url(inspection)).content.decode()
    assert "学习不系统" not in page and "一年只读了一本书" not in page
    assert "会议多" in page  # a finding keeps its description


def test_text_stored_under_not_found_before_the_fix_is_not_shown(campaign, world, login):
    inspection = make_inspection(campaign, world.alice, SelfInspection.Status.SUBMITTED)
    InspectionAnswer.objects.create(inspection=inspection, item=items(campaign)["1.1"], answer=A.NOT_FOUND,
                                    description="旧的隐藏描述", example="旧的隐藏事例")
    page = login(world.alice_user).get(detail_url(inspection)).content.decode()
    assert "未发现" in page
    assert "旧的隐藏描述" not in page and "旧的隐藏事例" not in page


def test_a_description_typed_before_any_answer_is_still_kept(campaign, world, login):
    client = login(world.alice_user)
    item = items(campaign)["1.2"]
    client.post(url(campaign), {f"description_{item.pk}": "还没想好选哪个", "action": "save"})
    assert InspectionAnswer.objects.get(item=item).description == "还没想好选哪个"
