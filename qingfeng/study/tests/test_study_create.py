"""Recording a study activity with its materials: who may, and what a bad file does."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from qingfeng.campaigns.models import Campaign
from qingfeng.study.models import StudyActivity, StudyMaterial

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def pdf(name="学习材料.pdf", body=PDF):
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def docx(name="讲稿.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def url(campaign):
    return reverse("study_create", args=[campaign.pk])


def data(world, **overrides):
    values = {"org": world.a.pk, "kind": StudyActivity.Kind.GROUP_STUDY,
              "date": timezone.localdate().isoformat(), "topic": "学习《中国共产党纪律处分条例》",
              "summary": "逐章学习并交流"}
    values.update(overrides)
    return values


def test_a_secretary_records_an_activity_with_materials(campaign, world, login):
    client = login(world.sec_a)
    response = client.post(url(campaign), {**data(world), "materials": [pdf(), docx()]})
    activity = StudyActivity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("study_attendance", args=[campaign.pk, activity.pk])
    assert (activity.org, activity.campaign, activity.created_by) == (world.a, campaign, world.sec_a)
    materials = {m.original_name: m.content_type for m in StudyMaterial.objects.all()}
    assert materials == {
        "学习材料.pdf": "application/pdf",
        "讲稿.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }


def test_it_offers_only_the_branches_the_user_may_record_for(campaign, world, login):
    response = login(world.sec_a).get(url(campaign))
    assert list(response.context["form"].fields["org"].queryset) == [world.a]
    response = login(world.admin).get(url(campaign))
    assert list(response.context["form"].fields["org"].queryset) == [world.a, world.b]


def test_it_refuses_a_branch_outside_the_users_scope(campaign, world, login):
    response = login(world.sec_a).post(url(campaign), data(world, org=world.b.pk))
    assert response.status_code == 200
    assert "org" in response.context["form"].errors
    assert not StudyActivity.objects.exists()


def test_it_refuses_a_date_in_the_future(campaign, world, login):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = login(world.sec_a).post(url(campaign), data(world, date=tomorrow.isoformat()))
    assert response.context["form"].errors["date"] == ["学习日期不能晚于今天"]
    assert not StudyActivity.objects.exists()


@pytest.mark.parametrize("hours, kept", [("", 0), ("2.5", 2.5)])
def test_hours_count_for_study_hours_and_empty_is_none(campaign, world, login, hours, kept):
    login(world.sec_a).post(url(campaign), data(world, hours=hours))
    assert float(StudyActivity.objects.get().hours) == kept


def test_negative_hours_are_refused(campaign, world, login):
    response = login(world.sec_a).post(url(campaign), data(world, hours="-1"))
    assert response.context["form"].errors["hours"] == ["学时不能为负数"]
    assert not StudyActivity.objects.exists()


def test_a_disguised_executable_names_the_file_and_saves_nothing(campaign, world, login):
    response = login(world.sec_a).post(
        url(campaign), {**data(world), "materials": [pdf(), pdf("通知.pdf", EXE)]})
    errors = response.context["form"].errors["materials"]
    assert any("通知.pdf" in e and "不是允许的类型" in e for e in errors), errors
    assert "通知.pdf" in response.content.decode()
    assert not StudyActivity.objects.exists()
    assert not StudyMaterial.objects.exists()


def test_an_oversized_file_is_refused(campaign, world, login, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = pdf("大文件.pdf", PDF + b"0" * (1024 * 1024))
    response = login(world.sec_a).post(url(campaign), {**data(world), "materials": [big]})
    errors = response.context["form"].errors["materials"]
    assert any("大文件.pdf" in e and "超过 1 MB" in e for e in errors), errors
    assert not StudyActivity.objects.exists()


def test_a_file_of_a_wrong_type_is_refused(campaign, world, login):
    text = SimpleUploadedFile("名单.txt", "张丽，王强".encode(), content_type="text/plain")
    response = login(world.sec_a).post(url(campaign), {**data(world), "materials": [text]})
    errors = response.context["form"].errors["materials"]
    assert any("名单.txt" in e for e in errors), errors
    assert not StudyActivity.objects.exists()


def test_a_pdf_named_as_a_word_file_is_refused(campaign, world, login):
    response = login(world.sec_a).post(url(campaign), {**data(world), "materials": [pdf("讲稿.docx")]})
    assert any("扩展名与内容不符" in e for e in response.context["form"].errors["materials"])
    assert not StudyActivity.objects.exists()


@pytest.mark.parametrize("who", ["leader", "inspector", "alice_user"])
def test_users_without_the_record_role_are_refused(campaign, world, login, who):
    client = login(getattr(world, who))
    assert client.get(url(campaign)).status_code == 403
    assert client.post(url(campaign), data(world)).status_code == 403
    assert not StudyActivity.objects.exists()


def test_a_campaign_of_another_branch_is_not_found(campaign, world, login):
    other = Campaign.objects.create(org=world.b, title="二中自查", status=Campaign.Status.ACTIVE,
                                    created_by=world.admin)
    assert login(world.sec_a).get(url(other)).status_code == 404


def test_a_closed_campaign_records_nothing(campaign, world, login):
    campaign.status = Campaign.Status.CLOSED
    campaign.save()
    response = login(world.sec_a).post(url(campaign), data(world), follow=True)
    assert "专项工作已结束，记录只读" in response.content.decode()
    assert not StudyActivity.objects.exists()
