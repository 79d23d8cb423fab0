"""承办: a unit's list, its item read through the assignment, progress, a co-unit's finished part and the reply."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from qingfeng.proposals import services
from qingfeng.proposals.models import Assignment, Progress, Proposal, ProposalFile, Reply

from .factories import assigned, replied

S = Proposal.Status
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def said(response) -> list[str]:
    """The messages the response carries (with any left from an earlier request in the same session)."""
    return [str(m) for m in get_messages(response.wsgi_request)]


def lead_of(proposal) -> Assignment:
    return proposal.assignments.get(lead=True)


def co_of(proposal) -> Assignment:
    return proposal.assignments.get(lead=False)


# --- The list and the item ---


def test_a_unit_lists_what_it_was_given_with_its_late_parts_flagged(world, login):
    late, _ = assigned(world, title="逾期事项", co_units=[world.b])
    Assignment.objects.filter(proposal=late).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    assigned(world, title="按期事项")
    client = login(world.sec_a)
    page = client.get(reverse("assignment_list")).content.decode()
    assert "逾期事项" in page and "按期事项" in page
    row = page[page.index("逾期事项"):]
    assert "data-overdue" in row[:row.index("</tr>")]
    page = client.get(reverse("assignment_list"), {"overdue": "yes"}).content.decode()
    assert "逾期事项" in page and "按期事项" not in page
    page = login(world.sec_b).get(reverse("assignment_list"), {"lead": "co"}).content.decode()
    assert "逾期事项" in page and "按期事项" not in page


def test_a_unit_reads_the_item_with_the_phone_masked_and_another_unit_not_at_all(world, login):
    proposal, _ = assigned(world, phone="13755550000")
    url = reverse("assignment_detail", args=[lead_of(proposal).pk])
    page = login(world.sec_a).get(url).content.decode()
    assert "小区门口路灯坏了一个月" in page and "137****0000" in page and "13755550000" not in page
    assert login(world.sec_b).get(url).status_code == 404
    assert login(world.alice_user).get(url).status_code == 404


def test_the_read_only_roles_read_a_units_item_but_get_no_forms(world, login):
    proposal, _ = assigned(world, phone="13755550000")
    page = login(world.leader).get(reverse("assignment_detail", args=[lead_of(proposal).pk])).content.decode()
    assert "137****0000" in page and "13755550000" not in page
    assert 'id="progress-form"' not in page and 'id="assignment-reply"' not in page


# --- Progress ---


def progress(client, assignment, **data):
    form = {"text": "已到现场查看", "public": "on", **data}
    return client.post(reverse("assignment_progress", args=[assignment.pk]), form)


def test_each_assigned_unit_posts_progress_with_a_file(world, login):
    proposal, _ = assigned(world, co_units=[world.b])
    photo = SimpleUploadedFile("现场.pdf", PDF, content_type="application/pdf")
    progress(login(world.sec_a), lead_of(proposal), files=[photo])
    progress(login(world.sec_b), co_of(proposal), text="二中已配合", public="")
    assert list(Progress.objects.values_list("assignment__unit__code", "text", "public")) == [
        ("A", "已到现场查看", True), ("B", "二中已配合", False)]
    assert ProposalFile.objects.get().progress == Progress.objects.get(text="已到现场查看")


@pytest.mark.parametrize("role, status", [("sec_b", 404), ("leader", 403), ("alice_user", 404)])
def test_nobody_else_posts_a_units_progress(world, login, role, status):
    proposal, _ = assigned(world)
    assert progress(login(getattr(world, role)), lead_of(proposal)).status_code == status
    assert not Progress.objects.exists()


def test_a_file_of_a_refused_type_saves_nothing(world, login):
    proposal, _ = assigned(world)
    script = SimpleUploadedFile("现场.pdf", b"#!/bin/sh\necho hi\n", content_type="application/pdf")
    response = progress(login(world.sec_a), lead_of(proposal), files=[script])
    assert said(response)[-1].startswith("未保存办理进展：附件：文件「现场.pdf」不是允许的类型")
    assert not Progress.objects.exists() and not ProposalFile.objects.exists()


def test_no_progress_once_replied(world, login):
    proposal, _ = replied(world)
    response = progress(login(world.sec_a), lead_of(proposal))
    assert said(response)[-1] == "当前状态为「已答复」，不能登记办理进展"
    assert not Progress.objects.exists()


# --- A co-unit's part ---


def test_a_co_unit_marks_its_part_done_and_the_lead_unit_cannot(world, login):
    proposal, _ = assigned(world, co_units=[world.b])
    login(world.sec_b).post(reverse("assignment_done", args=[co_of(proposal).pk]))
    assert co_of(proposal).done_at is not None
    response = login(world.sec_a).post(reverse("assignment_done", args=[lead_of(proposal).pk]))
    assert said(response)[-1] == "主办单位以答复办结本单位的办理，不需要标记协办完成"
    assert lead_of(proposal).done_at is None


# The lead unit sees its co-unit's part (the item's units read each other's assignments) but may not mark it.
@pytest.mark.parametrize("role, status", [("sec_a", 403), ("leader", 403)])
def test_nobody_else_marks_a_co_units_part(world, login, role, status):
    proposal, _ = assigned(world, co_units=[world.b])
    assert login(getattr(world, role)).post(reverse("assignment_done", args=[co_of(proposal).pk])).status_code == status
    assert co_of(proposal).done_at is None


# --- The reply ---


def reply(client, assignment, text="已修复路灯", **data):
    return client.post(reverse("assignment_reply", args=[assignment.pk]), {"text": text, **data})


def test_the_lead_unit_replies_with_a_file(world, login):
    proposal, _ = assigned(world, co_units=[world.b])
    client = login(world.sec_a)
    page = client.get(reverse("assignment_reply", args=[lead_of(proposal).pk])).content.decode()
    assert "协办单位二中党支部尚未标记完成" in page
    letter = SimpleUploadedFile("答复函.pdf", PDF, content_type="application/pdf")
    response = reply(client, lead_of(proposal), files=[letter])
    assert response.url == reverse("assignment_detail", args=[lead_of(proposal).pk])
    proposal.refresh_from_db()
    assert proposal.status == S.REPLIED and proposal.replied_on_time is True
    answer = Reply.objects.get()
    assert (answer.unit, answer.text, answer.round) == (world.a, "已修复路灯", 1)
    assert ProposalFile.objects.get().reply == answer


def test_a_co_unit_cannot_reply(world, login):
    proposal, _ = assigned(world, co_units=[world.b])
    client = login(world.sec_b)
    response = client.get(reverse("assignment_reply", args=[co_of(proposal).pk]))
    assert response.url == reverse("assignment_detail", args=[co_of(proposal).pk])
    response = reply(client, co_of(proposal))
    assert said(response)[-1] == "只有主办单位可以答复；协办单位请登记办理进展并标记协办完成"
    proposal.refresh_from_db()
    assert proposal.status == S.HANDLING and not Reply.objects.exists()


def test_a_reply_only_while_in_hand(world, login):
    proposal, _ = replied(world)
    response = reply(login(world.sec_a), lead_of(proposal), text="再答复一次")
    assert said(response)[-1] == "当前状态为「已答复」，不能答复"
    assert list(Reply.objects.values_list("text", flat=True)) == ["已修复路灯"]


@pytest.mark.parametrize("role, status", [("sec_b", 404), ("leader", 403), ("inspector", 403), ("alice_user", 404)])
def test_nobody_but_the_lead_units_managers_replies(world, login, role, status):
    proposal, _ = assigned(world)
    assert reply(login(getattr(world, role)), lead_of(proposal)).status_code == status
    proposal.refresh_from_db()
    assert proposal.status == S.HANDLING and not Reply.objects.exists()


def test_an_empty_reply_is_refused(world, login):
    proposal, _ = assigned(world)
    response = reply(login(world.sec_a), lead_of(proposal), text="")
    assert response.status_code == 200 and "答复意见：请填写此项" in response.content.decode()
    assert not Reply.objects.exists()


# --- Files ---


def test_a_unit_downloads_its_items_files_and_no_other_items(world, login):
    upload = SimpleUploadedFile("现场.pdf", PDF, content_type="application/pdf")
    proposal, _ = assigned(world)
    services.post_progress(world.sec_a, lead_of(proposal), "照片", public=False, uploads=[(upload, "application/pdf")])
    other, _ = assigned(world)
    services.post_progress(world.sec_a, lead_of(other), "照片", public=False,
                           uploads=[(SimpleUploadedFile("别的.pdf", PDF), "application/pdf")])
    mine = proposal.files.get()
    theirs = other.files.get()
    client = login(world.sec_a)
    assert client.get(reverse("assignment_file", args=[lead_of(proposal).pk, mine.pk])).status_code == 200
    assert client.get(reverse("assignment_file", args=[lead_of(proposal).pk, theirs.pk])).status_code == 404
    assert login(world.sec_b).get(reverse("assignment_file", args=[lead_of(proposal).pk, mine.pk])).status_code == 404
