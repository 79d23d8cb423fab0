"""The report: who reads which source, the marks in the text, the summary polled while the check runs."""

import pytest
from django.urls import reverse

from qingfeng.originality import library
from qingfeng.originality.models import Document
from qingfeng.originality.report import compared, segments
from qingfeng.study.tests.test_reflection_workflow import log_in_bob, make_reflection
from qingfeng.study.workflow import reflection_workflow

from .samples import TEMPLATE

SECRET_OPENING = "我在二〇二三年冬天走访了城东社区的七户困难家庭，"


def submit(member, campaign, body, django_capture_on_commit_callbacks):
    reflection = make_reflection(campaign, member, body=body, title="学习体会")
    with django_capture_on_commit_callbacks(execute=True):
        reflection_workflow.perform(member.user, reflection, "submit")
    return Document.objects.get(reflection=reflection)


@pytest.fixture
def copied_from_bob(world, campaign, django_capture_on_commit_callbacks):
    """Bob submits first; alice's reflection copies his, opening and all."""
    log_in_bob(world)
    bobs = submit(world.bob, campaign, SECRET_OPENING + TEMPLATE, django_capture_on_commit_callbacks)
    alices = submit(world.alice, campaign, SECRET_OPENING + TEMPLATE[:200], django_capture_on_commit_callbacks)
    return bobs, alices


def test_the_secretary_reads_both_sides_of_a_copy_between_members(world, copied_from_bob, login):
    bobs, alices = copied_from_bob
    page = login(world.sec_a).get(reverse("originality_report", args=[alices.pk])).content.decode()
    assert "王强" in page and "无权查看原文" not in page
    assert page.count(SECRET_OPENING[:10]) >= 3  # the text, and the passage on both sides


def test_the_member_sees_her_passages_but_not_her_colleagues_text(world, copied_from_bob, login):
    bobs, alices = copied_from_bob
    page = login(world.alice_user).get(reverse("originality_report", args=[alices.pk])).content.decode()
    assert "本地区另一份心得体会（无权查看原文）" in page
    assert "王强" not in page
    assert TEMPLATE[250:290] not in page  # the part of bob's text she did not copy never shows
    # his report is not hers to open
    assert login(world.alice_user).get(reverse("originality_report", args=[bobs.pk])).status_code == 404


def test_a_library_text_is_read_by_whoever_reads_the_report(world, campaign, login,
                                                           django_capture_on_commit_callbacks):
    library.add(world.admin, world.c, [library.Incoming("范文.txt", TEMPLATE)], source="某范文网")
    document = submit(world.alice, campaign, TEMPLATE[:200], django_capture_on_commit_callbacks)
    page = login(world.alice_user).get(reverse("originality_report", args=[document.pk])).content.decode()
    assert "范文库：范文（某范文网）" in page
    assert "<mark" in page


def test_a_pending_check_is_polled_and_a_finished_one_is_not(world, campaign, login,
                                                             django_capture_on_commit_callbacks):
    document = submit(world.alice, campaign, TEMPLATE, django_capture_on_commit_callbacks)
    client = login(world.alice_user)
    address = reverse("originality_summary", args=[document.pk])
    assert "hx-get" not in client.get(address).content.decode()
    Document.objects.filter(pk=document.pk).update(status=Document.Status.PENDING)
    page = client.get(address).content.decode()
    assert f'hx-get="{address}"' in page and "正在查重" in page
    page = client.get(reverse("reflection_detail", args=[campaign.pk, document.reflection_id])).content.decode()
    assert "正在查重" in page


def test_text_typed_into_a_submission_is_escaped_in_the_report(world, campaign, login,
                                                               django_capture_on_commit_callbacks):
    payload = "<script>alert(1)</script>"
    library.add(world.admin, world.c, [library.Incoming("范文.txt", payload + TEMPLATE)])
    document = submit(world.alice, campaign, payload + TEMPLATE, django_capture_on_commit_callbacks)
    page = login(world.sec_a).get(reverse("originality_report", args=[document.pk])).content.decode()
    assert payload not in page
    assert "alert" in page and "&lt;" in page


def test_segments_cut_the_text_exactly_at_the_marks():
    assert segments("abcdef", [(1, 3, 1), (2, 5, 2)]) == [("a", None), ("bc", 1), ("de", 2), ("f", None)]
    own, other = compared("我深深感到必须", "我深刻体会到必须")
    assert "".join(piece for piece, _ in own) == "我深深感到必须"
    assert [piece for piece, same in other if not same] == ["刻体会"]


def test_passages_parted_by_a_few_characters_show_as_one_pair():
    from qingfeng.originality.report import joined

    spans = [[50, 80, 150, 180], [0, 40, 100, 140], [200, 230, 10, 40], [84, 120, 183, 220]]
    # the first three in order and close in both texts join; the reordered one stays apart
    assert joined(spans) == [[0, 120, 100, 220], [200, 230, 10, 40]]
