"""受理: the office's list and item page, its buttons, merge, assign (交办), publish, files and the categories."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from qingfeng.orgs.models import Org
from qingfeng.proposals import services
from qingfeng.proposals.models import Assignment, Category, Proposal

from .factories import assigned, replied, submitted

S = Proposal.Status
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def said(response) -> list[str]:
    """The messages the response carries (with any left from an earlier request in the same session)."""
    return [str(m) for m in get_messages(response.wsgi_request)]


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def other_office(world):
    """A second tree with its own office and an item it took in."""
    root = Org.create(None, code="D", name="明月县委", kind=Org.Kind.COMMITTEE)
    proposal, _code = services.submit(office=root, kind=Proposal.Kind.OPINION, title="别处的事项", content="内容",
                                      category=Category.objects.first())
    return proposal


# --- The list ---


def test_the_office_lists_its_items_with_number_status_and_the_overdue_flag(world, login):
    late, _ = assigned(world, title="逾期事项")
    Proposal.objects.filter(pk=late.pk).update(deadline=days(-1))
    pending, _ = submitted(world, title="新事项")
    page = login(world.admin).get(reverse("proposal_list")).content.decode()
    assert late.number in page and pending.number in page
    row = page[page.index("逾期事项"):]
    assert "data-overdue" in row[:row.index("</tr>")]
    row = page[page.index("新事项"):]
    assert "data-overdue" not in row[:row.index("</tr>")] and 'data-status="pending"' in row[:row.index("</tr>")]


def test_the_list_filters_by_lead_unit_code_or_name_and_by_number(world, login):
    mine, _ = assigned(world, title="一中的事项")
    other, _ = submitted(world, title="没有交办的事项")
    client = login(world.admin)
    for query in ({"unit": "A"}, {"unit": "一中党支部"}, {"q": mine.number}, {"q": "一中的"}):
        page = client.get(reverse("proposal_list"), query).content.decode()
        assert "一中的事项" in page and "没有交办的事项" not in page, query
    page = client.get(reverse("proposal_list"), {"status": S.PENDING}).content.decode()
    assert "没有交办的事项" in page and "一中的事项" not in page
    assert other.number in page


@pytest.mark.parametrize("role, goes_to", [("sec_a", "assignment_list"), ("alice_user", "my_proposals")])
def test_who_reads_no_office_is_sent_on(world, login, role, goes_to):
    response = login(getattr(world, role)).get(reverse("proposal_list"))
    assert response.url == reverse(goes_to)


# --- The item's page ---


def test_the_office_reads_the_phone_and_the_read_only_roles_read_it_masked(world, login):
    proposal, _ = submitted(world, phone="13755550000")
    url = reverse("proposal_detail", args=[proposal.pk])
    assert "13755550000" in login(world.admin).get(url).content.decode()
    for role in ("leader", "inspector", "discipline"):
        page = login(getattr(world, role)).get(url).content.decode()
        assert "13755550000" not in page and "137****0000" in page, role
        assert 'id="proposal-actions"' not in page and 'name="action"' not in page, role


def test_the_page_shows_the_steps_with_their_reasons_and_marks_public_progress(world, login):
    proposal, _ = assigned(world)
    assignment = proposal.assignments.get()
    services.post_progress(world.sec_a, assignment, "已到现场查看", public=True)
    services.post_progress(world.sec_a, assignment, "内部协调中", public=False)
    page = login(world.admin).get(reverse("proposal_detail", args=[proposal.pk])).content.decode()
    history = page[page.index('id="proposal-history"'):]
    assert history.index("受理") < history.index("交办")
    progress = page[page.index('id="proposal-progress"'):page.index('id="proposal-history"')]
    public = progress[progress.index("已到现场查看"):progress.index("内部协调中")]
    assert "data-public" in public and "data-public" not in progress[progress.index("内部协调中"):]


def test_her_own_item_sends_a_member_to_my_proposals(world, login):
    proposal, _ = submitted(world, user=world.alice_user)
    response = login(world.alice_user).get(reverse("proposal_detail", args=[proposal.pk]))
    assert response.url == reverse("my_proposal", args=[proposal.pk])


# --- The buttons ---


def act(client, proposal, action, text=""):
    return client.post(reverse("proposal_action", args=[proposal.pk]), {"action": action, "text": text})


def test_the_office_accepts_refers_and_rejects(world, login):
    client = login(world.admin)
    first, _ = submitted(world)
    act(client, first, "accept")
    first.refresh_from_db()
    assert first.status == S.ACCEPTED and first.accepted_at is not None
    act(client, first, "refer", "已有同类规划")
    first.refresh_from_db()
    assert (first.status, first.status_reason) == (S.REFERENCE, "已有同类规划")
    second, _ = submitted(world)
    act(client, second, "reject", "不属于受理范围")
    second.refresh_from_db()
    assert (second.status, second.status_reason) == (S.REJECTED, "不属于受理范围")


def test_a_rejection_without_a_reason_is_refused_and_nothing_changes(world, login):
    proposal, _ = submitted(world)
    response = act(login(world.admin), proposal, "reject", "  ")
    proposal.refresh_from_db()
    assert proposal.status == S.PENDING and proposal.history.count() == 1
    assert said(response) == ["请填写不予受理理由（提交人可见）"]


def test_closing_is_refused_before_the_reply(world, login):
    proposal, _ = assigned(world)
    response = act(login(world.admin), proposal, "close")
    proposal.refresh_from_db()
    assert proposal.status == S.HANDLING
    assert said(response) == ["当前状态为「办理中」，不能办结"]


def test_the_office_closes_a_replied_item(world, login):
    proposal, _ = replied(world)
    act(login(world.admin), proposal, "close")
    proposal.refresh_from_db()
    assert proposal.status == S.CLOSED and proposal.closed_at is not None


def test_an_unknown_action_changes_nothing(world, login):
    proposal, _ = submitted(world)
    response = act(login(world.admin), proposal, "reply")
    proposal.refresh_from_db()
    assert proposal.status == S.PENDING and said(response) == ["未知的操作"]


def test_the_office_keeps_an_internal_note_the_readers_may_not_edit(world, login):
    proposal, _ = submitted(world)
    login(world.admin).post(reverse("proposal_action", args=[proposal.pk]),
                            {"action": "note", "internal_note": "与城管局沟通"})
    proposal.refresh_from_db()
    assert proposal.internal_note == "与城管局沟通"
    response = login(world.leader).post(reverse("proposal_action", args=[proposal.pk]),
                                        {"action": "note", "internal_note": "改掉"})
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.internal_note == "与城管局沟通"


# --- Merge ---


def merge(client, proposal, target, reason="内容相同"):
    return client.post(reverse("proposal_merge", args=[proposal.pk]), {"target": target, "reason": reason})


def test_the_office_merges_an_item_into_another_by_its_number(world, login):
    target, _ = submitted(world, title="路灯不亮（先提交）")
    proposal, _ = submitted(world)
    response = merge(login(world.admin), proposal, target.number)
    proposal.refresh_from_db()
    assert response.url == reverse("proposal_detail", args=[proposal.pk])
    assert (proposal.status, proposal.merged_into, proposal.status_reason) == (S.MERGED, target, "内容相同")


@pytest.mark.parametrize("which, message", [
    ("itself", "不能并入事项本身"),
    ("other_office", "本单位受理的事项中没有编号为"),
    ("unknown", "本单位受理的事项中没有编号为"),
    ("wrong_year", "本单位受理的事项中没有编号为"),
    ("rejected", "只能并入本单位受理的、未合并且未被不予受理的事项"),
])
def test_a_merge_into_itself_another_office_or_a_closed_door_is_refused(world, login, which, message):
    proposal, _ = submitted(world)
    rejected, _ = submitted(world)
    services.act(world.admin, rejected, "reject", "重复")
    year = timezone.localtime(proposal.submitted_at).year
    target = {"itself": proposal.number, "other_office": other_office(world).number, "unknown": f"{year}-99999",
              "wrong_year": f"{year - 1}-{rejected.pk:05d}", "rejected": rejected.number}[which]
    response = merge(login(world.admin), proposal, target)
    assert response.status_code == 200 and message in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == S.PENDING and proposal.merged_into is None


# --- Assign ---


def assign(client, proposal, **data):
    form = {"lead_unit": "A", "co_units": "", "deadline": days(10).isoformat(), "note": "", **data}
    return client.post(reverse("proposal_assign", args=[proposal.pk]), form)


def test_the_office_assigns_a_lead_unit_by_code_and_co_units_by_name(world, login):
    proposal, _ = submitted(world)
    response = assign(login(world.admin), proposal, lead_unit="A", co_units="二中党支部，G", note="请实地查看")
    proposal.refresh_from_db()
    assert response.url == reverse("proposal_detail", args=[proposal.pk])
    assert (proposal.status, proposal.lead_unit, proposal.deadline) == (S.HANDLING, world.a, days(10))
    assert list(proposal.assignments.values_list("unit__code", "lead", "deadline", "note")) == [
        ("A", True, days(10), "请实地查看"), ("B", False, days(10), "请实地查看"),
        ("G", False, days(10), "请实地查看")]


@pytest.mark.parametrize("data, message", [
    ({"lead_unit": "三中党支部"}, "找不到组织「三中党支部」"),
    ({"lead_unit": "A1"}, "找不到组织「A1」"),  # a 党小组 is no unit
    ({"lead_unit": "D"}, "找不到组织「D」"),  # another tree's org
    ({"co_units": "B、不存在"}, "找不到组织「不存在」"),
    ({"co_units": "A"}, "一中党支部已是主办单位，不能同时协办"),
    ({"deadline": "2020-01-01"}, "办理时限不能早于今天"),
    ({"deadline": ""}, "办理时限：请填写此项"),
])
def test_an_unknown_unit_or_a_past_deadline_is_refused_and_nothing_is_saved(world, login, data, message):
    Org.create(None, code="D", name="明月县委", kind=Org.Kind.COMMITTEE)
    proposal, _ = submitted(world)
    response = assign(login(world.admin), proposal, **data)
    assert response.status_code == 200 and message in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == S.PENDING and proposal.lead_unit is None
    assert not Assignment.objects.exists()


def test_two_units_of_one_name_ask_for_the_code(world, login):
    Org.create(world.g, code="A2", name="一中党支部", kind=Org.Kind.BRANCH)
    proposal, _ = submitted(world)
    page = assign(login(world.admin), proposal, lead_unit="一中党支部").content.decode()
    assert "有 2 个组织名为「一中党支部」，请改填组织编码（A、A2）" in page
    assert not Assignment.objects.exists()


def test_an_item_already_assigned_cannot_be_assigned_again(world, login):
    proposal, _ = assigned(world)
    client = login(world.admin)
    form = client.get(reverse("proposal_assign", args=[proposal.pk])).content.decode()
    assert "当前状态为「办理中」，不能交办" in form
    page = assign(client, proposal, lead_unit="B").content.decode()
    assert "当前状态为「办理中」，不能交办" in page
    assert list(proposal.assignments.values_list("unit__code", flat=True)) == ["A"]


# --- Publish and files ---


def test_the_office_publishes_a_replied_item_and_not_one_in_hand(world, login):
    done, _ = replied(world)
    handling, _ = assigned(world)
    client = login(world.admin)
    client.post(reverse("proposal_publish", args=[done.pk]), {"published": "1"})
    response = client.post(reverse("proposal_publish", args=[handling.pk]), {"published": "1"})
    assert said(response)[-1] == "只有已答复或已办结的事项可以公开"
    assert list(Proposal.objects.filter(published=True)) == [done]
    client.post(reverse("proposal_publish", args=[done.pk]), {"published": "0"})
    done.refresh_from_db()
    assert done.published is False


def test_the_submitters_attachment_downloads_for_the_office(world, login):
    upload = SimpleUploadedFile("现场.pdf", PDF, content_type="application/pdf")
    proposal, _ = services.submit(office=world.c, kind=Proposal.Kind.OPINION, title="t", content="c",
                                  category=Category.objects.first(), uploads=[(upload, "application/pdf")])
    attachment = proposal.files.get()
    response = login(world.leader).get(reverse("proposal_file", args=[attachment.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert login(world.sec_a).get(reverse("proposal_file", args=[attachment.pk])).status_code == 404


# --- Categories ---


def post_category(client, **data):
    return client.post(reverse("proposal_categories"), data)


def test_the_org_admin_adds_renames_reorders_and_switches_off_a_category(world, login):
    client = login(world.admin)
    post_category(client, op="add", name="文化教育")
    added = Category.objects.get(name="文化教育")
    assert list(Category.objects.values_list("name", flat=True))[-1] == "文化教育"
    post_category(client, op="rename", category=added.pk, name="教育文化")
    post_category(client, op="up", category=added.pk)
    post_category(client, op="toggle", category=added.pk)
    added.refresh_from_db()
    assert (added.name, added.active) == ("教育文化", False)
    names = list(Category.objects.values_list("name", flat=True))
    assert names.index("教育文化") == len(names) - 2


def test_a_used_category_is_never_deleted_an_unused_one_may_be(world, login):
    used = Category.objects.get(name="民生保障")
    submitted(world, category=used)
    unused = Category.objects.get(name="生态环境")
    client = login(world.admin)
    response = post_category(client, op="delete", category=used.pk)
    assert said(response) == ["类别「民生保障」已有事项使用，不能删除，可以停用"]
    post_category(client, op="delete", category=unused.pk)
    assert not Category.objects.filter(pk=unused.pk).exists() and Category.objects.filter(pk=used.pk).exists()


def test_a_duplicate_or_empty_name_is_refused(world, login):
    client = login(world.admin)
    assert said(post_category(client, op="add", name="民生保障")) == ["未添加：已有类别「民生保障」"]
    other = Category.objects.get(name="其他")
    assert said(post_category(client, op="rename", category=other.pk, name=""))[-1] == "未改名：请填写此项"
    assert Category.objects.count() == 6 and Category.objects.filter(name="其他").exists()


@pytest.mark.parametrize("role", ["sec_a", "leader", "alice_user"])
def test_only_an_org_admin_of_a_top_org_sets_the_categories(world, login, role):
    client = login(getattr(world, role))
    assert client.get(reverse("proposal_categories")).status_code == 403
    assert post_category(client, op="add", name="文化教育").status_code == 403
    assert not Category.objects.filter(name="文化教育").exists()


def test_what_the_public_typed_reaches_the_office_and_the_units_as_text(world, client):
    """A payload in every text field a submitter and a unit fill comes back escaped on every staff page."""
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    proposal, _code = submitted(world, title=payload[:100], content=payload, submitter_name=payload[:40],
                                phone="13755550000")
    proposal = services.assign(world.admin, proposal, lead_unit=world.a, co_units=[],
                                        deadline=timezone.localdate() + datetime.timedelta(days=5), note=payload)
    assignment = proposal.assignments.get()
    services.post_progress(world.sec_a, assignment, payload, public=True)
    services.reply(world.sec_a, proposal, payload)
    pages = [(world.admin, reverse("proposal_list")), (world.admin, reverse("proposal_detail", args=[proposal.pk])),
             (world.sec_a, reverse("assignment_list")),
             (world.sec_a, reverse("assignment_detail", args=[assignment.pk]))]
    for user, path in pages:
        client.force_login(user)
        body = client.get(path).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body, path
        assert "&lt;script&gt;alert" in body, path
