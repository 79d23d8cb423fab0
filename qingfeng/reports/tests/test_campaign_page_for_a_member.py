"""A member's campaign page shows what is hers (her attendance, reflections, self-inspection, commitment, the
problems about her and her rectifications) and no link that would refuse her."""

import re

from django.urls import reverse
from django.utils import timezone

from qingfeng.inspection.models import Commitment, SelfInspection
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.study.models import Attendance, Reflection, StudyActivity


def activity(campaign, org, topic):
    return StudyActivity.objects.create(campaign=campaign, org=org, kind="group_study", date=timezone.localdate(),
                                        topic=topic, created_by=campaign.created_by)


def her_records(campaign, world):
    for topic, status in (("集中学习", "present"), ("专题研讨", "present"), ("警示教育", "leave")):
        held = activity(campaign, world.a, topic)
        Attendance.objects.create(activity=held, member=world.alice, status=status,
                                  reason="出差" if status == "leave" else "")
        Attendance.objects.create(activity=held, member=world.bob, status="present")
    activity(campaign, world.b, "二中读书班")
    Reflection.objects.create(campaign=campaign, member=world.alice, org=world.a, title="学习党章的体会",
                              body="正文", status="submitted", submitted_at=timezone.now())
    Reflection.objects.create(campaign=campaign, member=world.bob, org=world.a, title="王强的体会", body="正文")
    SelfInspection.objects.create(campaign=campaign, member=world.alice, org=world.a, status="submitted",
                                  submitted_at=timezone.now(), study_summary="学", root_cause="根",
                                  measures_summary="改")
    Commitment.objects.create(campaign=campaign, member=world.alice, org=world.a, text="承诺", signed_name="张丽",
                              signed_by=world.alice_user)
    RectificationFactory(problem=ProblemFactory(campaign=campaign, member=world.alice, description="学习不系统"),
                         due_in_days=-2)
    ProblemFactory(campaign=campaign, member=world.bob, description="王强的问题")
    return campaign


def page(client, campaign):
    return client.get(reverse("campaign_detail", args=[campaign.pk])).content.decode()


def test_she_reads_her_own_attendance_and_records(campaign, world, login):
    body = page(login(world.alice_user), her_records(campaign, world))
    mine = body[body.index('id="campaign-mine"'):]
    assert 'data-mine="present">2<' in mine and 'data-mine="leave">1<' in mine
    assert "学习党章的体会" in mine and "王强的体会" not in body
    assert "已提交" in mine and "下载对照检查材料" in mine
    assert "已签署" in mine
    assert "学习不系统" in mine and "王强的问题" not in body
    assert "逾期 1 项" in mine


def test_she_is_offered_no_summary_report_nor_the_branch_figures(campaign, world, login):
    body = page(login(world.alice_user), her_records(campaign, world))
    assert "下载总结报告" not in body and 'id="summary-document"' not in body
    assert 'id="campaign-counts"' not in body


def test_every_link_on_her_page_opens(campaign, world, login):
    client = login(world.alice_user)
    body = page(client, her_records(campaign, world))
    main = body[body.index("<main"):]
    links = sorted({href.replace("&amp;", "&") for href in re.findall(r'href="(/[^"#]*)"', main)})
    assert reverse("inspection_mine", args=[campaign.pk]) in links  # the campaign's own links are checked too
    refused = {link: status for link in links if (status := client.get(link).status_code) not in (200, 302)}
    assert refused == {}


def test_a_member_who_has_done_nothing_yet_is_told_where_to_start(campaign, world, login):
    body = page(login(world.alice_user), campaign)
    mine = body[body.index('id="campaign-mine"'):]
    assert 'data-mine="present">0<' in mine
    assert "尚未撰写，去撰写" in mine and "尚未填写，去填写" in mine and "尚未签署，去签署" in mine
    assert not SelfInspection.objects.exists()


def test_a_secretary_keeps_the_figures_and_the_summary_report(campaign, world, login):
    client = login(world.sec_a)
    body = page(client, her_records(campaign, world))
    assert 'id="campaign-mine"' not in body  # no member record of her own
    assert 'data-count="study_activities">3<' in body
    link = re.search(r'id="summary-document" href="([^"]+)"', body).group(1).replace("&amp;", "&")
    assert client.get(link).status_code == 200
