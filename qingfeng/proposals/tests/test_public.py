"""The public pages of 提案/社情民意: submitting with a proof of work and a receipt, the limits per address, the
progress page by tracking code (and its JSON) showing nothing private in any status, rating, the published list."""

import base64
import datetime
import json
import math
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from qingfeng.orgs.models import Org
from qingfeng.proposals import challenge, codes, services
from qingfeng.proposals.models import Assignment, Category, Progress, Proposal, ProposalFile, Rating, Reply

S = Proposal.Status
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\0" * 200
XSS = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
PHONE = "13999990000"


@pytest.fixture(autouse=True)
def quick_pow(settings):
    settings.PROPOSAL_POW_MAX_NUMBER = 2000  # the same check, a faster solve in Python


def solved(client) -> str:
    response = client.get(reverse("proposal_challenge"))
    assert "no-store" in response["Cache-Control"]
    return challenge.solve(response.json())


def submit(client, *, address="192.0.2.1", headers=None, **fields):
    data = {"kind": Proposal.Kind.OPINION, "title": "小区路灯不亮", "content": "晚上出行不便，请尽快维修。",
            "category": Category.objects.get(name="民生保障").pk, "submitter_name": "", "contact_phone": "",
            "altcha": solved(client), **fields}
    return client.post(reverse("proposal_new"), data, REMOTE_ADDR=address, **(headers or {}))


def receipt_code(response) -> str:
    found = re.search(r'id="tracking-code">([A-Z0-9-]+)<', response.content.decode())
    assert found, "the receipt shows no tracking code"
    return found.group(1)


def track(client, code, address="192.0.2.1", **extra):
    return client.post(reverse("proposal_track"), {"code": code, **extra}, REMOTE_ADDR=address)


# --- Submitting ---


def test_the_public_submits_and_the_receipt_shows_the_code_that_opens_the_item(world, client):
    response = submit(client, title="村口道路坑洼", contact_phone="138-1234-5678")
    assert response.status_code == 200  # the receipt itself, never a redirect to a URL holding the code
    assert "no-store" in response["Cache-Control"]
    proposal = Proposal.objects.get()
    assert (proposal.title, proposal.contact_phone, proposal.office, proposal.submitted_by) == (
        "村口道路坑洼", "13812345678", world.c, None)
    code = receipt_code(response)
    page = response.content.decode()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert "请妥善保存查询码，它只显示这一次" in page and proposal.number in page and "data-qf-print" in page
    assert code not in str(dict(client.session))
    assert proposal.code_digest == codes.code_digest(code)  # the digest is kept, the code is not

    opened = track(client, code.lower())
    assert opened.status_code == 200
    assert "村口道路坑洼" in opened.content.decode() and "待受理" in opened.content.decode()


@pytest.mark.parametrize("name", ["proposal_new", "proposal_track", "proposal_public_list"])
def test_the_public_pages_show_a_visitor_no_staff_links(world, client, name):
    html = client.get(reverse(name)).content.decode()
    for staff in ("ledger_list", "proposal_list", "assignment_list", "meeting_list"):
        assert f'href="{reverse(staff)}"' not in html
    assert f'href="{reverse("proposal_track")}"' in html


def test_a_logged_in_member_submits_with_her_name_attached(world, client):
    client.force_login(world.alice_user)
    assert "id_submitter_name" not in client.get(reverse("proposal_new")).content.decode()
    submit(client, submitter_name="冒名")
    proposal = Proposal.objects.get()
    assert (proposal.submitted_by, proposal.submitter_name) == (world.alice_user, "张丽")


def test_the_office_is_chosen_only_when_there_are_several(world, client):
    assert "id_office" not in client.get(reverse("proposal_new")).content.decode()
    other = Org.create(None, code="D", name="清河县委", kind=Org.Kind.COMMITTEE)
    assert "id_office" in client.get(reverse("proposal_new")).content.decode()
    submit(client, office=other.pk)
    assert Proposal.objects.get().office == other


def test_a_reused_solution_is_refused(world, client):
    payload = solved(client)
    submit(client, altcha=payload)
    response = submit(client, altcha=payload)
    assert "这次人机验证已经用过" in response.content.decode()
    assert Proposal.objects.count() == 1


@pytest.mark.parametrize("payload", ["", "bm90IGEgc29sdXRpb24=", "garbage!"])
def test_a_missing_or_forged_solution_is_refused(world, client, payload):
    response = submit(client, altcha=payload)
    assert response.status_code == 200
    assert "人机验证未通过或已过期" in response.content.decode()
    assert Proposal.objects.count() == 0


def test_a_solution_with_the_wrong_number_is_refused(world, client):
    right = solved(client)
    data = json.loads(base64.b64decode(right))
    wrong = base64.b64encode(json.dumps({**data, "number": data["number"] + 1}).encode()).decode()
    assert "人机验证未通过" in submit(client, altcha=wrong).content.decode()
    assert Proposal.objects.count() == 0
    submit(client, altcha=right)
    assert Proposal.objects.count() == 1


@pytest.mark.parametrize("field, size, message", [("title", 100, "标题：最多 100 字（现有 101 字）"),
                                                  ("content", 5000, "内容：最多 5000 字（现有 5001 字）"),
                                                  ("submitter_name", 40, "署名：最多 40 字（现有 41 字）")])
def test_text_longer_than_its_limit_is_refused(world, client, field, size, message):
    assert message in submit(client, **{field: "长" * (size + 1)}).content.decode()
    assert Proposal.objects.count() == 0
    submit(client, **{field: "长" * size})
    assert Proposal.objects.count() == 1


@pytest.mark.parametrize("phone, ok", [("13812345678", True), ("0574-8765 4321", True), ("123456", False),
                                       ("1381234567a", False), ("1" * 21, False), ("１３８１２３４５６７８", False)])
def test_the_contact_phone_is_digits_seven_to_twenty(world, client, phone, ok):
    response = submit(client, contact_phone=phone)
    assert Proposal.objects.exists() == ok
    if not ok:
        assert "联系电话：请填写 7–20 位数字的电话号码" in response.content.decode()


def test_the_sixth_submission_of_an_hour_from_one_address_is_refused(world, client, settings):
    for _ in range(settings.PROPOSAL_SUBMIT_PER_HOUR):
        assert submit(client).status_code == 200
    refused = submit(client)
    assert refused.status_code == 429
    assert "提交过于频繁，请一小时后再试" in refused.content.decode()
    assert Proposal.objects.count() == settings.PROPOSAL_SUBMIT_PER_HOUR
    assert submit(client, address="198.51.100.7").status_code == 200
    assert Proposal.objects.count() == settings.PROPOSAL_SUBMIT_PER_HOUR + 1


def test_a_forwarded_address_counts_only_behind_a_trusted_proxy(world, client, settings):
    settings.PROPOSAL_SUBMIT_PER_HOUR = 1
    forged = [{"HTTP_X_FORWARDED_FOR": f"203.0.113.{n}"} for n in range(3)]
    settings.TRUSTED_PROXIES = 0
    assert [submit(client, headers=h).status_code for h in forged] == [200, 429, 429]
    settings.TRUSTED_PROXIES = 1
    assert [submit(client, address="10.0.0.1", headers=h).status_code for h in forged] == [200, 200, 200]
    assert submit(client, address="10.0.0.1", headers=forged[0]).status_code == 429


def test_a_disguised_file_is_refused_by_name_and_nothing_is_saved(world, client):
    files = [SimpleUploadedFile("照片.pdf", PDF, "application/pdf"),
             SimpleUploadedFile("现场照片.jpg", EXE, "image/jpeg")]
    response = submit(client, attachments=files)
    assert "现场照片.jpg" in response.content.decode()
    assert (Proposal.objects.count(), ProposalFile.objects.count()) == (0, 0)


def test_an_oversized_file_is_refused_by_name(world, client, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    response = submit(client, attachments=[SimpleUploadedFile("大文件.pdf", PDF + b"0" * 2048, "application/pdf")])
    assert "文件「大文件.pdf」大小为" in response.content.decode()
    assert (Proposal.objects.count(), ProposalFile.objects.count()) == (0, 0)


def test_too_many_files_are_refused_and_allowed_ones_are_kept(world, client, settings):
    def files(count):
        return [SimpleUploadedFile(f"{n}.pdf", PDF, "application/pdf") for n in range(count)]

    assert "最多上传 3 个附件" in submit(client, attachments=files(4)).content.decode()
    assert Proposal.objects.count() == 0
    submit(client, attachments=files(2))
    assert sorted(ProposalFile.objects.values_list("original_name", flat=True)) == ["0.pdf", "1.pdf"]


def test_text_comes_back_escaped_on_the_receipt_the_progress_page_and_the_public_list(world, client):
    response = submit(client, title=XSS, content=XSS, submitter_name=XSS)
    code = receipt_code(response)
    proposal = Proposal.objects.get()
    _answer(world, proposal, text=XSS)
    client.post(reverse("proposal_rate"), {"code": code, "item": proposal.pk, "value": "basic", "comment": XSS},
                REMOTE_ADDR="192.0.2.1")
    Proposal.objects.filter(pk=proposal.pk).update(published=True)
    pages = {"receipt": response, "progress": track(client, code),
             "list": client.get(reverse("proposal_public_list"), {"q": "script"}),
             "detail": client.get(reverse("proposal_public_detail", args=[proposal.pk]))}
    for name, page in pages.items():
        html = page.content.decode()
        assert XSS not in html, name
        assert ESCAPED in html, name


# --- The progress page ---

PRIVATE = (PHONE, "隐私署名", "内部备注甲", "内部进展乙", "私密附件.pdf", "别人的事项")


def _answer(world, proposal, text="已维修"):
    """The office assigns it to branch A, which replies: 已答复."""
    services.assign(world.admin, proposal, lead_unit=world.a, co_units=[world.b],
                    deadline=timezone.localdate() + datetime.timedelta(days=10))
    return services.reply(world.sec_a, Proposal.objects.get(pk=proposal.pk), text)


@pytest.mark.parametrize("status", S.values)
def test_the_progress_page_and_its_json_show_nothing_private_in_any_status(world, client, status):
    other, _ = services.submit(office=world.c, kind="opinion", title="别人的事项", content="别人的内容",
                               category=Category.objects.first())
    proposal, code = services.submit(office=world.c, kind="proposal", title="公开标题", content="公开内容",
                                     category=Category.objects.first(), submitter_name="隐私署名",
                                     contact_phone=PHONE)
    now = timezone.now()
    Proposal.objects.filter(pk=proposal.pk).update(
        status=status, internal_note="内部备注甲", status_reason="处理说明丙", lead_unit=world.a,
        deadline=timezone.localdate(), assigned_at=now, merged_into=other if status == S.MERGED else None)
    lead = Assignment.objects.create(proposal=proposal, unit=world.a, lead=True, deadline=timezone.localdate())
    Assignment.objects.create(proposal=proposal, unit=world.b, deadline=timezone.localdate())
    Progress.objects.create(proposal=proposal, assignment=lead, text="公开进展丁", public=True, created_by=world.sec_a)
    Progress.objects.create(proposal=proposal, assignment=lead, text="内部进展乙", created_by=world.sec_a)
    Reply.objects.create(proposal=proposal, round=1, unit=world.a, text="答复戊", created_by=world.sec_a)
    Rating.objects.create(proposal=proposal, round=1, value="basic", comment="评价己")
    proposal.files.create(file=SimpleUploadedFile("x.pdf", PDF), original_name="私密附件.pdf",
                          content_type="application/pdf", size=len(PDF))

    html = track(client, code).content.decode()
    data = track(client, code, format="json").json()
    text = str(data)
    for shown in (html, text):
        assert [secret for secret in PRIVATE if secret in shown] == []
        for public in ("公开标题", "公开内容", "公开进展丁", "答复戊", "评价己", "一中党支部", "二中党支部"):
            assert public in shown
        assert ("处理说明丙" in shown) == (status in (S.REJECTED, S.REFERENCE, S.MERGED))
    assert data["merged_into"] == (other.number if status == S.MERGED else "")
    assert (data["lead_units"], data["co_units"]) == (["一中党支部"], ["二中党支部"])
    assert ('id="rate-form"' in html) == (status == S.REPLIED)


def test_dates_are_the_local_days(world, client, settings):
    proposal, code = services.submit(office=world.c, kind="opinion", title="某事", content="内容",
                                     category=Category.objects.first())
    evening = datetime.datetime(2026, 3, 1, 20, 0, tzinfo=datetime.UTC)  # 2 March in Beijing
    Proposal.objects.filter(pk=proposal.pk).update(submitted_at=evening)
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert track(client, code, format="json").json()["submitted"] == "2026-03-02"
    assert "2026年3月2日" in track(client, code).content.decode()


def test_a_wrong_code_says_only_that_it_is_wrong(world, client):
    services.submit(office=world.c, kind="opinion", title="某事", content="内容", category=Category.objects.first())
    response = track(client, "ABCD-EFGH-JKMN")
    assert "查询码不正确" in response.content.decode() and "某事" not in response.content.decode()
    assert track(client, "ABCD", format="json").status_code == 404


def test_tried_codes_are_limited_per_address(world, client, settings):
    settings.PROPOSAL_TRACK_PER_HOUR = 3
    proposal, code = services.submit(office=world.c, kind="opinion", title="某事", content="内容",
                                     category=Category.objects.first())
    assert [track(client, "WRONG-CODE-0000").status_code for _ in range(2)] == [200, 200]
    assert client.post(reverse("proposal_rate"), {"code": "X", "item": proposal.pk},
                       REMOTE_ADDR="192.0.2.1").status_code == 400  # rating tries count too
    refused = track(client, code)
    assert refused.status_code == 429 and "某事" not in refused.content.decode()
    assert "查询过于频繁，请一小时后再试" in refused.content.decode()
    assert track(client, code, format="json").status_code == 429
    assert track(client, code, address="198.51.100.7").status_code == 200


def test_the_code_cannot_be_guessed(world):
    assert len(set(codes.ALPHABET)) >= 30 and codes.LENGTH == 12
    assert codes.LENGTH * math.log2(len(set(codes.ALPHABET))) >= 58
    made = {codes.new_code() for _ in range(1000)}
    assert len(made) == 1000 and all(len(code) == 12 and set(code) <= set(codes.ALPHABET) for code in made)


# --- Rating by tracking code ---


@pytest.fixture
def replied(world):
    """An item 已答复 and its code, and another item 已答复 with its own code."""
    made = []
    for title in ("路灯", "井盖"):
        proposal, code = services.submit(office=world.c, kind="opinion", title=title, content="请修",
                                         category=Category.objects.first())
        made.append((_answer(world, proposal), code))
    return made


def rate(client, code, item, value="satisfied", comment="很好"):
    return client.post(reverse("proposal_rate"), {"code": code, "item": item.pk, "value": value,
                                                  "comment": comment}, REMOTE_ADDR="192.0.2.1")


def test_the_public_rates_the_reply_with_its_code(world, client, replied):
    (proposal, code), _ = replied
    response = rate(client, code, proposal, "basic", "基本解决")
    assert "感谢您的评价：基本满意" in response.content.decode()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.rating) == (S.CLOSED, "basic")
    assert list(proposal.ratings.values_list("value", "comment")) == [("basic", "基本解决")]
    assert 'id="rate-form"' not in response.content.decode()


def test_unsatisfied_sends_it_back_for_a_second_round(world, client, replied):
    (proposal, code), _ = replied
    rate(client, code, proposal, "unsatisfied", "没修好")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.round) == (S.HANDLING, 2)


def test_a_wrong_code_or_another_items_code_cannot_rate(world, client, replied):
    (proposal, _code), (other, other_code) = replied
    assert rate(client, "ABCD-EFGH-JKMN", proposal).status_code == 400
    refused = rate(client, other_code, proposal)
    assert refused.status_code == 400 and "查询码不正确" in refused.content.decode()
    assert Rating.objects.count() == 0
    assert set(Proposal.objects.values_list("status", flat=True)) == {S.REPLIED}


def test_an_item_not_replied_cannot_be_rated(world, client):
    proposal, code = services.submit(office=world.c, kind="opinion", title="某事", content="内容",
                                     category=Category.objects.first())
    response = rate(client, code, proposal)
    assert "当前状态为「待受理」，不能评价" in response.content.decode()
    assert Rating.objects.count() == 0


def test_a_round_is_rated_once(world, client, replied):
    (proposal, code), _ = replied
    rate(client, code, proposal, "satisfied")
    again = rate(client, code, proposal, "unsatisfied")
    assert "不能评价" in again.content.decode()
    assert list(Rating.objects.values_list("value", flat=True)) == ["satisfied"]


def test_an_invalid_value_is_refused(world, client, replied):
    (proposal, code), _ = replied
    response = rate(client, code, proposal, "excellent")
    assert "满意度：" in response.content.decode()
    assert Rating.objects.count() == 0
    proposal.refresh_from_db()
    assert proposal.status == S.REPLIED


def test_rating_takes_only_post(world, client):
    assert client.get(reverse("proposal_rate")).status_code == 405


# --- 公开答复 ---


def test_the_public_list_shows_only_published_replies_newest_first_and_searches(world, client, replied):
    (first, _), (second, _) = replied
    hidden, _ = services.submit(office=world.c, kind="opinion", title="未公开", content="内容",
                                category=Category.objects.first())
    Proposal.objects.filter(pk=hidden.pk).update(published=True)  # published but not answered: not listed
    for proposal, days in ((first, 2), (second, 1)):
        Proposal.objects.filter(pk=proposal.pk).update(
            published=True, replied_at=timezone.now() - datetime.timedelta(days=days))
    html = client.get(reverse("proposal_public_list")).content.decode()
    assert html.index("井盖") < html.index("路灯") and "未公开" not in html and "一中党支部" in html
    searched = client.get(reverse("proposal_public_list"), {"q": "路灯"}).content.decode()
    assert "路灯" in searched and "井盖" not in searched


def test_an_unpublished_item_has_no_public_page(world, client, replied):
    (proposal, _), _ = replied
    assert client.get(reverse("proposal_public_detail", args=[proposal.pk])).status_code == 404
    Proposal.objects.filter(pk=proposal.pk).update(published=True, submitter_name="隐私署名", contact_phone=PHONE)
    page = client.get(reverse("proposal_public_detail", args=[proposal.pk])).content.decode()
    assert "已维修" in page and "隐私署名" not in page and PHONE not in page
