"""Campaign summary report .docx: the five sections, the launcher's texts, the figures and their tables."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm

from qingfeng.core.models import AuditEntry
from qingfeng.core.testing import pinned_queries
from qingfeng.inspection.models import Commitment, SelfInspection
from qingfeng.ledger.models import Rectification
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.orgs.tests.factories import MemberFactory
from qingfeng.reports.models import SummaryText
from qingfeng.study.models import Reflection


@pytest.fixture
def summary(campaign, world):
    items = {i.code: i for c in campaign.checklist.categories.all() for i in c.items.all()}
    p1 = ProblemFactory(campaign=campaign, member=world.alice, checklist_item=items["2.1"], description="形式主义")
    p2 = ProblemFactory(campaign=campaign, member=world.bob, checklist_item=items["2.1"], description="形式主义")
    p3 = ProblemFactory(campaign=campaign, member=world.carol, checklist_item=items["1.1"], description="学习不深入")
    secret = ProblemFactory(campaign=campaign, member=world.alice, source="petition", checklist_item=items["1.2"],
                            description="收受礼金")
    RectificationFactory(problem=p1, measure="整改一")
    RectificationFactory(problem=p2, measure="整改二", due_in_days=5, status=Rectification.Status.ACCEPTED,
                         accepted_at=timezone.now())
    RectificationFactory(problem=p3, measure="整改三", due_in_days=-3)
    RectificationFactory(problem=secret, measure="退还礼金")
    return campaign


def url(campaign, org=None):
    return reverse("campaign_summary_document", args=[campaign.pk]) + (f"?org={org.pk}" if org else "")


def document(response):
    assert response.status_code == 200, response
    assert response["Content-Type"].endswith("wordprocessingml.document")
    return Document(io.BytesIO(response.content))


def text(doc):
    return "\n".join(p.text for p in doc.paragraphs)


def table_rows(table):
    return [[c.text for c in row.cells] for row in table.rows]


def headings(doc):
    return [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]


def test_it_reports_the_figures_per_sub_org_and_the_common_problems(world, login, summary):
    doc = document(login(world.admin).get(url(summary, world.g)))
    body = text(doc)
    assert doc.paragraphs[0].text == "作风专项整治工作总结报告"
    assert "（教育局党总支）" in body
    assert headings(doc) == ["一、基本情况", "二、主要做法", "三、取得的成效", "四、存在的不足", "五、下步打算"]
    assert "教育局党总支共有党员3名" in body
    assert "共查摆问题3个，制定整改措施3项，已销号1项，整改完成率33.3%" in body
    assert "逾期未完成1项" in body
    assert "表1　各下级组织进展情况" in body and "表2　查摆出的主要问题" in body
    sub_orgs, common, recurring = doc.tables
    assert table_rows(sub_orgs) == [
        ["组织", "党员", "心得体会提交", "对照检查提交", "查摆问题", "整改措施", "已销号", "整改完成率", "逾期"],
        ["一中党支部", "2", "0", "0", "2", "2", "1", "50.0%", "0"],
        ["二中党支部", "1", "0", "0", "1", "1", "0", "0.0%", "1"],
    ]
    assert table_rows(common) == [["序号", "清单条目", "问题数"], ["1", "2.1 形式主义", "2"],
                                  ["2", "1.1 学习不深入", "1"]]
    # alice's and bob's 形式主义 (carol's 学习不深入 is hers alone)
    assert "表3　普遍性问题" in body
    assert table_rows(recurring) == [["序号", "问题概述", "涉及问题数", "涉及党员数", "涉及组织数"],
                                     ["1", "形式主义", "2", "2", "1"]]
    assert sub_orgs.rows[1].cells[0].paragraphs[0].runs[0].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_the_figures_fill_basic_facts_and_results_and_the_unwritten_sections_say_so(world, login, summary):
    doc = document(login(world.admin).get(url(summary)))
    paragraphs = [p.text for p in doc.paragraphs]
    section = {h: paragraphs[paragraphs.index(h) + 1] for h in headings(doc)}
    assert section["一、基本情况"].startswith("专项工作分4个阶段推进：“学”")
    assert section["二、主要做法"] == section["四、存在的不足"] == section["五、下步打算"] == "（未填写）"
    assert section["三、取得的成效"].startswith("共查摆问题3个")


def test_the_report_uses_the_texts_saved_for_its_org(world, login, summary):
    SummaryText.objects.create(
        campaign=summary, org=world.c, updated_by=world.admin, overview="县委于九月印发实施方案。",
        practices="（一）抓学习教育。集中学习12次。\n\n（二）抓问题整改。建立台账。",
        shortcomings="个别支部进度偏慢。", next_steps="巩固整改成果，建立长效机制。")
    SummaryText.objects.create(campaign=summary, org=world.a, updated_by=world.admin, practices="一中的做法")
    doc = document(login(world.admin).get(url(summary)))
    paragraphs = [p.text for p in doc.paragraphs]
    at = paragraphs.index
    assert paragraphs[at("一、基本情况") + 1] == "县委于九月印发实施方案。"  # before the figures
    assert paragraphs[at("二、主要做法") + 1: at("三、取得的成效")] == ["（一）抓学习教育。集中学习12次。",
                                                                     "（二）抓问题整改。建立台账。"]
    lead = doc.paragraphs[at("二、主要做法") + 1].runs
    assert [run.text for run in lead] == ["（一）抓学习教育。", "集中学习12次。"]
    assert lead[0].element.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    assert paragraphs[at("三、取得的成效") + 1].startswith("共查摆问题")  # no text there: figures only
    assert paragraphs[at("四、存在的不足") + 1] == "个别支部进度偏慢。"
    assert paragraphs[at("五、下步打算") + 1] == "巩固整改成果，建立长效机制。"
    assert "一中的做法" not in text(doc) and "（未填写）" not in text(doc)
    branch = text(document(login(world.admin).get(url(summary, world.a))))
    assert "一中的做法" in branch and "（未填写）" in branch


def test_its_tables_keep_their_widths_repeat_the_header_and_never_split_a_row(world, login, summary):
    for table in document(login(world.admin).get(url(summary, world.g))).tables:
        xml = table._tbl
        assert xml.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        rows = xml.tr_lst
        assert [r.trPr.find(qn("w:tblHeader")) is not None for r in rows] == [True] + [False] * (len(rows) - 1)
        assert all(r.trPr.find(qn("w:cantSplit")) is not None for r in rows)
        widths = [c.width for c in table.columns]
        assert abs(sum(widths) - Cm(15.6)) < Cm(0.05)  # the text width of the page
        assert [c.width for c in table.rows[-1].cells] == widths
    names = document(login(world.admin).get(url(summary, world.g))).tables[0]
    assert names.columns[0].width >= Cm(4)  # 「县第一中学党支部」 on one line


def test_confidential_problems_count_only_for_discipline(world, login, summary):
    doc = document(login(world.discipline).get(url(summary, world.g)))
    assert "共查摆问题4个，制定整改措施4项" in text(doc)
    assert ["3", "1.2 信念不坚定", "1"] in table_rows(doc.tables[1])


def test_a_branch_report_has_a_table_of_its_members(world, login, summary):
    alice_reflection = Reflection.objects.create(campaign=summary, member=world.alice, org=world.a, title="体会",
                                                 body="正文", status=Reflection.Status.ACCEPTED,
                                                 submitted_at=timezone.now())
    SelfInspection.objects.create(campaign=summary, member=world.bob, org=world.a,
                                  status=SelfInspection.Status.SUBMITTED, submitted_at=timezone.now())
    Commitment.objects.create(campaign=summary, member=world.alice, org=world.a, text="承诺", signed_name="张丽",
                              signed_by=world.alice_user)
    assert alice_reflection.pk
    doc = document(login(world.sec_a).get(url(summary, world.a)))
    body = text(doc)
    assert "表1　党员个人进展情况" in body and "无下级组织" not in body
    members = doc.tables[0]
    assert table_rows(members)[0] == ["姓名", "学习", "心得体会", "对照检查", "承诺书", "查摆问题", "整改措施",
                                      "已销号", "逾期"]
    # ranked as on the branch dashboard: 王强 has accepted half his rectifications, 张丽 none of hers
    assert table_rows(members)[1:] == [["王强", "未参学", "未提交", "已提交", "未签", "1", "1", "1", "0"],
                                       ["张丽", "未参学", "已通过", "未提交", "已签", "1", "1", "0", "0"]]


def test_a_branch_secretary_gets_her_branch_only(world, login, summary):
    doc = document(login(world.sec_b).get(url(summary)))
    body = text(doc)
    assert "（二中党支部）" in body and "共查摆问题1个" in body
    assert "一中" not in body
    assert table_rows(doc.tables[0])[1:] == [["李梅", "未参学", "未提交", "未提交", "未签", "1", "1", "0", "1"]]
    assert table_rows(doc.tables[1]) == [["序号", "清单条目", "问题数"], ["1", "1.1 学习不深入", "1"]]
    assert login(world.sec_b).get(url(summary, world.a)).status_code == 404


def test_the_download_is_recorded_in_the_audit_log_under_the_org_reported(world, login, summary):
    document(login(world.admin).get(url(summary, world.b)))
    entry = AuditEntry.objects.get(action="export.summary")
    assert (entry.user, entry.org_path, entry.about_id) == (world.admin, world.b.path, summary.pk)
    assert entry.detail == "二中党支部的工作总结报告（Word）"


def test_a_draft_campaign_is_not_found_for_its_members_and_visitors_log_in(world, login, summary, client):
    summary.status = "draft"
    summary.save()
    assert login(world.sec_a).get(url(summary)).status_code == 404
    client.logout()
    assert client.get(url(summary)).status_code == 302


def test_the_campaign_page_links_to_the_report(world, login, summary):
    page = login(world.admin).get(reverse("campaign_detail", args=[summary.pk])).content.decode()
    assert url(summary, world.c) in page and "下载总结报告" in page


def test_the_report_makes_the_same_number_of_queries_whatever_the_size(world, login, summary):
    client = login(world.admin)
    client.get(url(summary))  # warm the session
    with pinned_queries("campaigns.campaign_summary_document"):
        document(client.get(url(summary)))
    items = [i for c in summary.checklist.categories.all() for i in c.items.all()]
    for n in range(6):
        member = MemberFactory(org=world.b if n % 2 else world.a, name=f"党员{n}")
        problem = ProblemFactory(campaign=summary, member=member, checklist_item=items[n % len(items)],
                                 description=f"问题{n}")
        RectificationFactory(problem=problem, measure=f"措施{n}", due_in_days=n - 3)
    with pinned_queries("campaigns.campaign_summary_document"):
        document(client.get(url(summary)))


def test_the_file_name_says_the_org_so_a_countys_and_a_branchs_differ(summary, world, login):
    """Like the 整改台账's: <org>_<campaign>_工作总结报告_<date>.docx."""
    from urllib.parse import unquote

    client = login(world.admin)
    today = f"{timezone.localdate():%Y%m%d}"
    names = [unquote(client.get(url(summary, org))["Content-Disposition"].split("''", 1)[1]) for org in (None, world.a)]
    assert names == [f"清风县委_{summary.title}_工作总结报告_{today}.docx",
                     f"一中党支部_{summary.title}_工作总结报告_{today}.docx"]
