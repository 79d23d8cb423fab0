"""Reading study activities and downloading their materials: by role, or because one attended."""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from qingfeng.campaigns.models import Campaign
from qingfeng.core.testing import pinned_queries
from qingfeng.orgs.models import Role
from qingfeng.orgs.tests.factories import MemberFactory, UserFactory
from qingfeng.study.models import Attendance, StudyMaterial
from qingfeng.study.tests.test_study_attendance import make_activity
from qingfeng.study.tests.test_study_create import PDF


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def activity(campaign, world):
    activity = make_activity(campaign, world.a, topic="警示教育大会")
    Attendance.objects.create(activity=activity, member=world.alice, status=Attendance.Status.PRESENT)
    Attendance.objects.create(activity=activity, member=world.bob, status=Attendance.Status.LEAVE, reason="出差")
    return activity


@pytest.fixture
def material(activity, world):
    material = StudyMaterial(activity=activity, original_name="案例汇编.pdf", content_type="application/pdf",
                             size=len(PDF), uploaded_by=world.sec_a)
    material.file.save("case.pdf", ContentFile(PDF))
    return material


def download(material):
    return reverse("material_download", args=[material.activity.campaign_id, material.pk])


def test_the_list_shows_participation_per_activity(campaign, world, login, activity):
    response = login(world.sec_a).get(reverse("study_list", args=[campaign.pk]))
    page = response.content.decode()
    assert "警示教育大会" in page and "1/2" in page
    assert "登记学习活动" in page


def test_the_list_hides_other_branches_activities(campaign, world, login, activity):
    make_activity(campaign, world.b, topic="二中读书班")
    page = login(world.sec_b).get(reverse("study_list", args=[campaign.pk])).content.decode()
    assert "二中读书班" in page and "警示教育大会" not in page
    page = login(world.admin).get(reverse("study_list", args=[campaign.pk])).content.decode()
    assert "二中读书班" in page and "警示教育大会" in page


def test_a_member_sees_the_activities_she_attended_only(campaign, world, login, activity):
    make_activity(campaign, world.a, topic="支委会学习")
    page = login(world.alice_user).get(reverse("study_list", args=[campaign.pk])).content.decode()
    assert "警示教育大会" in page and "支委会学习" not in page
    assert "登记学习活动" not in page


def test_the_leader_reads_but_may_not_record(campaign, world, login, activity):
    page = login(world.leader).get(reverse("study_list", args=[campaign.pk])).content.decode()
    assert "警示教育大会" in page and "登记学习活动" not in page


def test_the_detail_shows_attendance_and_materials(campaign, world, login, material):
    response = login(world.sec_a).get(reverse("study_detail", args=[campaign.pk, material.activity_id]))
    page = response.content.decode()
    assert "实到 1 / 应到 2，请假 1" in page and "请假（出差）" in page and "案例汇编.pdf" in page
    assert "登记出勤" in page


def test_each_attendee_reads_present_on_leave_or_absent(campaign, world, login, activity):
    carol_here = MemberFactory(org=world.a, name="赵敏")
    Attendance.objects.create(activity=activity, member=carol_here, status=Attendance.Status.ABSENT)
    response = login(world.sec_a).get(reverse("study_detail", args=[campaign.pk, activity.pk]))
    rows = re.findall(r'<tr><td class="text-nowrap">(\S+)</td>\s*<td data-status="(\w+)"><span[^>]*>([^<]+)</span>',
                      response.content.decode())
    assert rows == [("张丽", "present", "出席"), ("王强", "leave", "请假（出差）"), ("赵敏", "absent", "缺席")]
    assert "实到 1 / 应到 3，请假 1，缺席 1" in response.content.decode()


def test_a_member_sees_only_her_own_attendance(campaign, world, login, material):
    response = login(world.alice_user).get(reverse("study_detail", args=[campaign.pk, material.activity_id]))
    assert response.context["attendance"] == [Attendance.objects.get(member=world.alice)]
    assert "出差" not in response.content.decode()
    assert "登记出勤" not in response.content.decode()


def test_a_member_who_was_not_listed_gets_not_found(campaign, world, login, material):
    carol = UserFactory(username="carol", role=Role.Kind.MEMBER, org=world.b)
    world.carol.user = carol
    world.carol.save()
    client = login(carol)
    assert client.get(reverse("study_detail", args=[campaign.pk, material.activity_id])).status_code == 404
    assert client.get(download(material)).status_code == 404


def test_the_secretary_downloads_a_material(campaign, world, login, material):
    response = login(world.sec_a).get(download(material))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_attendee_downloads_a_material(campaign, world, login, material):
    assert login(world.alice_user).get(download(material)).status_code == 200


def test_the_secretary_of_another_branch_cannot_download(campaign, world, login, material):
    assert login(world.sec_b).get(download(material)).status_code == 404
    assert login(world.sec_b).get(
        reverse("study_detail", args=[campaign.pk, material.activity_id])).status_code == 404


def test_a_material_is_not_found_under_another_campaign(campaign, world, login, material):
    other = Campaign.objects.create(org=world.c, title="另一项工作", status=Campaign.Status.ACTIVE,
                                    created_by=world.admin)
    assert login(world.sec_a).get(reverse("material_download", args=[other.pk, material.pk])).status_code == 404


def test_study_list_query_count_is_pinned(campaign, world, client):
    client.force_login(world.admin)
    url = reverse("study_list", args=[campaign.pk])
    client.get(url)
    for size in (2, 12):
        for i in range(size):
            activity = make_activity(campaign, world.a if i % 2 else world.b, topic=f"学习{size}-{i}")
            Attendance.objects.create(activity=activity, member=world.alice if i % 2 else world.carol)
        with pinned_queries("campaigns.study_list"):
            assert client.get(url).status_code == 200
