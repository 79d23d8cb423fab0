"""对照检查材料 .docx: the official layout, grouped by dimension, for the member and her reviewers only."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from qingfeng.core.models import AuditEntry
from qingfeng.core.testing import pinned_queries
from qingfeng.inspection.models import InspectionAnswer, SelfInspection
from qingfeng.ledger.tests.factories import ProblemFactory
from qingfeng.orgs.tests.factories import UserFactory

A = InspectionAnswer.Answer


@pytest.fixture
def inspection(campaign, world):
    inspection = SelfInspection.objects.create(
        campaign=campaign, member=world.alice, org=world.a, status=SelfInspection.Status.SUBMITTED,
        study_summary="通过学习，深刻认识到作风建设的重要性。\n要把学习成果转化为工作动力。",
        root_cause="理想信念有所松懈。", measures_summary="一是加强理论学习。\n二是改进工作作风。",
        submitted_at=timezone.now())
    items = {i.code: i for i in campaign.checklist.categories.get(code="1").items.all()}
    items |= {i.code: i for i in campaign.checklist.categories.get(code="2").items.all()}
    InspectionAnswer.objects.create(inspection=inspection, item=items["1.1"], answer=A.EXISTS,
                                    dimension="政治素质", description="理论学习不够深入",
                                    example="参加集中学习时满足于读原文")
    InspectionAnswer.objects.create(inspection=inspection, item=items["2.1"], answer=A.PARTLY,
                                    dimension="工作作风", description="存在形式主义倾向",
                                    example="比如，部分工作重留痕轻实效")
    InspectionAnswer.objects.create(inspection=inspection, item=items["2.2"], answer=A.NOT_FOUND,
                                    dimension="工作作风", description="不应出现的条目")
    # 自己找: the answer
    ProblemFactory(campaign=campaign, member=world.alice, description="理论学习不够深入", dimension="政治素质")
    ProblemFactory(campaign=campaign, member=world.alice, source="superior", description="担当精神不足",
                   dimension="担当作为", example="遇到难题绕着走")
    ProblemFactory(campaign=campaign, member=world.alice, source="petition", description="接受宴请问题",
                   dimension="工作作风", example="某月某日接受某公司宴请",
                   confidential_detail="举报人：赵某，案件号 2026-17")
    return inspection


def url(inspection):
    return reverse("inspection_document", args=[inspection.campaign_id, inspection.pk])


def document(response):
    assert response.status_code == 200, response
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "attachment" in response["Content-Disposition"]
    return Document(io.BytesIO(response.content))


def texts(doc):
    return [p.text for p in doc.paragraphs if p.text]


def east_asian(run):
    return run.element.rPr.rFonts.get(qn("w:eastAsia"))


def test_it_has_the_title_the_sections_and_the_signature(world, login, inspection):
    doc = document(login(world.alice_user).get(url(inspection)))
    lines = texts(doc)
    assert lines[0] == "张丽同志作风专项整治对照检查材料"
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、学习体会", "二、存在的突出问题", "三、根源剖析", "四、整改措施"]
    assert "要把学习成果转化为工作动力。" in lines and "二是改进工作作风。" in lines
    today = timezone.localdate()
    assert lines[-2:] == ["张丽", f"{today.year}年{today.month}月{today.day}日"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in doc.paragraphs[-2:])


def test_problems_are_grouped_by_dimension_with_their_examples(world, login, inspection):
    doc = document(login(world.sec_a).get(url(inspection)))
    lines = texts(doc)
    start, end = lines.index("二、存在的突出问题"), lines.index("三、根源剖析")
    assert lines[start + 1:end] == [
        "（一）政治素质方面",
        "1. 理论学习不够深入。比如，参加集中学习时满足于读原文。",
        "（二）担当作为方面",
        "1. 担当精神不足。比如，遇到难题绕着走。",
        "（三）工作作风方面",
        "1. 存在形式主义倾向。比如，部分工作重留痕轻实效。",
    ]
    assert [p.style.name for p in doc.paragraphs if p.text == "（二）担当作为方面"] == ["Heading 2"]


def test_confidential_problems_show_only_their_description_and_only_to_who_may_see_them(world, login, inspection):
    for user in [world.alice_user, world.discipline]:
        body = "\n".join(texts(document(login(user).get(url(inspection)))))
        assert "2. 接受宴请问题。" in body.splitlines()  # after the 工作作风 answer
        assert "宴请" not in body.replace("接受宴请问题", "")
        assert "赵某" not in body and "2026-17" not in body
    for user in [world.sec_a, world.admin]:
        assert "接受宴请问题" not in "\n".join(texts(document(login(user).get(url(inspection)))))


def test_it_uses_the_official_layout(world, login, inspection):
    doc = document(login(world.alice_user).get(url(inspection)))
    section = doc.sections[0]

    def cm(length):  # Word stores twentieths of a point: compare to a tenth of a millimetre
        return round(length / Cm(1), 2)

    assert (cm(section.page_width), cm(section.page_height)) == (21, 29.7)
    assert (cm(section.top_margin), cm(section.bottom_margin)) == (3.7, 3.5)
    assert (cm(section.left_margin), cm(section.right_margin)) == (2.8, 2.6)
    title = doc.paragraphs[0]
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asian(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    heading = next(p for p in doc.paragraphs if p.text == "一、学习体会")
    assert east_asian(heading.runs[0]) == "黑体" and heading.runs[0].font.size == Pt(16)
    normal = doc.styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.font.size == Pt(16)
    assert normal.paragraph_format.line_spacing == Pt(28)
    assert normal.paragraph_format.first_line_indent == Pt(32)


def test_another_member_or_branch_gets_a_404(world, login, inspection, campaign):
    from qingfeng.orgs.models import Role

    bob_user = UserFactory(username="bob", role=Role.Kind.MEMBER, org=world.a)
    world.bob.user = bob_user
    world.bob.save()
    for user in [bob_user, world.sec_b]:
        assert login(user).get(url(inspection)).status_code == 404


def test_a_visitor_must_log_in(client, inspection):
    assert client.get(url(inspection)).status_code == 302


def test_the_download_is_recorded_in_the_audit_log_under_the_members_branch(world, login, inspection):
    login(world.sec_a).get(url(inspection), REMOTE_ADDR="10.1.2.3")
    entry = AuditEntry.objects.get(action="export.inspection")
    assert (entry.user, entry.address, entry.org_path) == (world.sec_a, "10.1.2.3", world.a.path)
    assert (entry.about_id, entry.detail) == (inspection.pk, "张丽的对照检查材料（Word）")


def test_the_inspection_page_links_to_the_document(world, login, inspection):
    page = login(world.alice_user).get(
        reverse("inspection_detail", args=[inspection.campaign_id, inspection.pk])).content.decode()
    assert url(inspection) in page and "下载对照检查材料" in page


def test_the_document_makes_the_same_number_of_queries_whatever_the_size(world, login, inspection, campaign):
    client = login(world.sec_a)
    client.get(url(inspection))  # warm the session
    with pinned_queries("campaigns.inspection_document"):
        document(client.get(url(inspection)))
    item = campaign.checklist.categories.get(code="2").items.get(code="2.3")
    InspectionAnswer.objects.create(inspection=inspection, item=item, answer=A.EXISTS, dimension="担当作为",
                                    description="脱离群众", example="比如，很少下基层")
    for n in range(4):
        ProblemFactory(campaign=campaign, member=world.alice, source="superior", description=f"上级点评{n}",
                       dimension="工作本领")
    with pinned_queries("campaigns.inspection_document"):
        document(client.get(url(inspection)))
