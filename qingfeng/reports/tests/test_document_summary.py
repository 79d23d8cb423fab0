"""Campaign summary report .docx: headline figures, a table per sub-org, the most common problems."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn

from qingfeng.core.models import AuditEntry
from qingfeng.core.testing import pinned_queries
from qingfeng.ledger.models import Rectification
from qingfeng.ledger.tests.factories import ProblemFactory, RectificationFactory
from qingfeng.orgs.tests.factories import MemberFactory


@pytest.fixture
def summary(campaign, world):
    items = {i.code: i for c in campaign.checklist.categories.all() for i in c.items.all()}
    p1 = ProblemFactory(campaign=campaign, member=world.alice, checklist_item=items["2.1"], description="形式主义")
    p2 = ProblemFactory(campaign=campaign, member=world.bob, checklist_item=items["2.1"], description="形式主义")
    p3 = ProblemFactory(campaign=campaign, member=world.carol, checklist_item=items["1.1"], description="学习不深入")
    secret = ProblemFactory(campaign=campaign, member=world.alice, source="petition", checklist_item=items["1.2"],
                            description="收受礼金")
    RectificationFactory(problem=p1, measure="整改一")
    done = RectificationFactory(problem=p2, measure="整改二", due_in_days=5)
    Rectification.objects.filter(pk=done.pk).update(status=Rectification.Status.ACCEPTED,
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


def test_it_reports_the_figures_per_sub_org_and_the_common_problems(world, login, summary):
    doc = document(login(world.admin).get(url(summary, world.g)))
    body = text(doc)
    assert doc.paragraphs[0].text == "作风专项整治工作总结报告"
    assert "（教育局党总支）" in body
    for heading in ["一、总体情况", "二、各下级组织进展情况", "三、查摆出的主要问题"]:
        assert heading in [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert "教育局党总支共有党员3名" in body
    assert "共查摆问题3个，制定整改措施3项，已销号1项，整改完成率33.3%" in body
    assert "逾期未完成1项" in body
    sub_orgs, common = doc.tables
    assert table_rows(sub_orgs) == [
        ["组织", "党员", "心得体会提交", "对照检查提交", "查摆问题", "整改措施", "已销号", "整改完成率", "逾期"],
        ["一中党支部", "2", "0", "0", "2", "2", "1", "50.0%", "0"],
        ["二中党支部", "1", "0", "0", "1", "1", "0", "0.0%", "1"],
    ]
    assert table_rows(common) == [["序号", "清单条目", "问题数"], ["1", "2.1 形式主义", "2"],
                                  ["2", "1.1 学习不深入", "1"]]
    assert sub_orgs.rows[1].cells[0].paragraphs[0].runs[0].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_confidential_problems_count_only_for_discipline(world, login, summary):
    doc = document(login(world.discipline).get(url(summary, world.g)))
    assert "共查摆问题4个，制定整改措施4项" in text(doc)
    assert ["3", "1.2 信念不坚定", "1"] in table_rows(doc.tables[1])


def test_a_branch_secretary_gets_her_branch_only(world, login, summary):
    doc = document(login(world.sec_b).get(url(summary)))
    body = text(doc)
    assert "（二中党支部）" in body and "共查摆问题1个" in body
    assert "一中" not in body
    assert table_rows(doc.tables[0]) == [["序号", "清单条目", "问题数"], ["1", "1.1 学习不深入", "1"]]
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
