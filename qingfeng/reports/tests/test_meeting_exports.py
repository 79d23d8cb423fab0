"""A meeting's 会议记录 (.docx) and an org's 会议台账 (.xlsx): what they say, to whom, and the audit log's record."""

import datetime
import io
import shutil
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from qingfeng.core.models import AuditEntry
from qingfeng.core.testing import FORMULA_LOOKALIKES, formula_cells
from qingfeng.orglife.models import Meeting, MeetingAttendance
from qingfeng.orglife.tests.factories import MeetingFactory
from qingfeng.orgs.models import Member
from qingfeng.orgs.tests.factories import MemberFactory
from qingfeng.reports.meetings import time_range

Attended = MeetingAttendance.Status
YEAR = timezone.localdate().year  # the 组织生活 list's year filter offers this year and the six before


def at(month, day, hour, minute=0, year=YEAR):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def attend(meeting, member, status, reason=""):
    MeetingAttendance.objects.filter(meeting=meeting, member=member).update(status=status, reason=reason)


@pytest.fixture
def held(world):
    """A 支委会 of branch A, held below quorum: of its 支委 alice 出席, bob 请假, 刘洋 缺席; 陈晨 列席."""
    Member.objects.filter(pk=world.alice.pk).update(committee_post=Member.CommitteePost.SECRETARY)
    Member.objects.filter(pk=world.bob.pk).update(committee_post=Member.CommitteePost.ORGANIZATION)
    liu = MemberFactory(org=world.a, name="刘洋", committee_post=Member.CommitteePost.PROPAGANDA)
    chen = MemberFactory(org=world.a, name="陈晨")
    meeting = MeetingFactory(
        org=world.a, created_by=world.sec_a, kind=Meeting.Kind.COMMITTEE, title="研究发展党员工作",
        starts_at=at(10, 17, 14, 30), ends_at=at(10, 17, 16), place="党员活动室", host=world.alice,
        recorder=world.bob, agenda="1. 传达上级精神\n2. 讨论发展对象",
        minutes="=1+1 书记传达文件精神\n\n与会人员逐一发言",
        decisions="同意列为发展对象", status=Meeting.Status.HELD, quorum_met=False, hours=2,
        invited=[world.alice, world.bob, liu, chen])
    attend(meeting, world.alice, Attended.PRESENT)
    attend(meeting, world.bob, Attended.LEAVE, "外出培训")
    attend(meeting, liu, Attended.ABSENT, "未说明原因")
    attend(meeting, chen, Attended.OBSERVER)
    return meeting


def filename(response) -> str:
    """The name a browser saves the download under (RFC 5987: filename*=utf-8''…)."""
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    return unquote(disposition.split("''", 1)[1])


def record(client, meeting):
    response = client.get(reverse("meeting_record_document", args=[meeting.pk]))
    assert response.status_code == 200, response
    assert response["Content-Type"].endswith("wordprocessingml.document")
    return response, Document(io.BytesIO(response.content))


def form(doc) -> dict[str, str]:
    [table] = doc.tables
    return {row.cells[0].text: row.cells[1].text for row in table.rows}


def test_the_record_of_a_held_meeting_fills_the_filing_form(world, login, held):
    response, doc = record(login(world.sec_a), held)
    assert doc.paragraphs[0].text == "一中党支部会议记录"
    assert form(doc) == {
        "会议类型": "支委会", "会议主题": "研究发展党员工作", "时间": f"{YEAR}年10月17日 14:30—16:00",
        "地点": "党员活动室", "主持人": "张丽", "记录人": "王强", "应到人数": "3人", "实到人数": "1人",
        "法定人数": "未达到（支委3人，须过半数即至少2人出席，实际出席1人）",
        "缺席（请假）人员及原因": "请假：王强（外出培训）\n缺席：刘洋（未说明原因）",
        "列席人员": "陈晨", "议程/议题": "1. 传达上级精神\n2. 讨论发展对象",
        "会议内容": "=1+1 书记传达文件精神\n与会人员逐一发言",  # text as typed, one paragraph a line
        "会议决议": "同意列为发展对象",
    }
    signatures = [p.text for p in doc.paragraphs if "签字" in p.text]
    assert [s.split("：")[0] for s in signatures] == ["主持人（签字）", "记录人（签字）"]
    assert filename(response) == f"一中党支部_研究发展党员工作_会议记录_{timezone.localdate():%Y%m%d}.docx"


def test_a_meeting_not_yet_held_prints_as_a_form_to_fill_by_hand(world, login):
    meeting = MeetingFactory(org=world.a, created_by=world.sec_a, kind=Meeting.Kind.GENERAL_ASSEMBLY,
                             status=Meeting.Status.PUBLISHED, invited=[world.alice, world.bob])
    _, doc = record(login(world.sec_a), meeting)
    filled = form(doc)
    assert (filled["应到人数"], filled["法定人数"]) == ("2人", "有表决权的党员2人，须过半数即至少2人出席")
    blanks = ("实到人数", "缺席（请假）人员及原因", "列席人员", "会议内容", "会议决议")
    assert [filled[label] for label in blanks] == [""] * 5
    rows = {row.cells[0].text: row for row in doc.tables[0].rows}
    assert rows["会议内容"].height.cm > 14.9  # room to write the minutes in


def test_a_theme_day_has_no_quorum_and_a_committee_without_its_members_none_to_check(world, login):
    theme = MeetingFactory(org=world.a, created_by=world.sec_a, status=Meeting.Status.HELD, invited=[world.alice])
    committee = MeetingFactory(org=world.b, created_by=world.sec_b, kind=Meeting.Kind.COMMITTEE,
                               status=Meeting.Status.HELD, invited=[world.carol])
    client = login(world.admin)
    assert "法定人数" not in form(record(client, theme)[1])
    assert form(record(client, committee)[1])["法定人数"] == "无法核定：未登记支委"


def test_an_invitee_reads_the_meeting_but_not_who_else_stayed_away(world, login, held):
    _, doc = record(login(world.alice_user), held)
    filled = form(doc)
    assert filled["会议内容"].startswith("=1+1")
    hidden = ("应到人数", "实到人数", "法定人数", "缺席（请假）人员及原因", "列席人员")
    assert [filled[label] for label in hidden] == ["—"] * 5
    assert "外出培训" not in "".join(filled.values())


def test_nobody_outside_the_meeting_gets_its_record(world, login, held):
    assert login(world.sec_b).get(reverse("meeting_record_document", args=[held.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action="export.meeting_record").exists()


def test_a_draft_has_no_record_but_for_its_managers(world, login):
    draft = MeetingFactory(org=world.a, created_by=world.sec_a, invited=[world.alice])
    address = reverse("meeting_record_document", args=[draft.pk])
    assert login(world.alice_user).get(address).status_code == 404  # invited, but nothing is published yet
    assert login(world.leader).get(address).status_code == 404
    assert login(world.sec_a).get(address).status_code == 200


def test_a_download_of_the_record_is_in_the_audit_log(world, login, held):
    record(login(world.leader), held)
    entry = AuditEntry.objects.get(action="export.meeting_record")
    assert (entry.user, entry.org_path, entry.about_id) == (world.leader, world.a.path, held.pk)
    assert entry.label == "导出会议记录"
    assert entry.detail == "研究发展党员工作的会议记录（Word）"


def test_a_meeting_past_midnight_names_the_day_it_ends():
    meeting = Meeting(starts_at=at(12, 31, 20), ends_at=at(1, 1, 1, 30, year=YEAR + 1))
    assert time_range(meeting) == f"{YEAR}年12月31日 20:00—{YEAR + 1}年1月1日 01:30"


def test_the_meeting_page_links_its_record(world, login, held):
    page = login(world.alice_user).get(reverse("meeting_detail", args=[held.pk])).content.decode()
    assert reverse("meeting_record_document", args=[held.pk]) in page


# --- 会议台账 ---


@pytest.fixture
def year_of_meetings(world, held):
    """Branch A's 支委会 (held), a 主题党日 of branch B (published), a draft, and a meeting of last year."""
    theme = MeetingFactory(org=world.b, created_by=world.sec_b, title="主题党日", starts_at=at(3, 5, 9),
                           ends_at=at(3, 5, 11), status=Meeting.Status.PUBLISHED, invited=[world.carol])
    MeetingFactory(org=world.a, created_by=world.sec_a, title="草稿会议", starts_at=at(5, 1, 9), ends_at=at(5, 1, 10))
    MeetingFactory(org=world.a, created_by=world.sec_a, title="去年的会", starts_at=at(6, 1, 9, year=YEAR - 1),
                   ends_at=at(6, 1, 10, year=YEAR - 1), status=Meeting.Status.HELD)
    return held, theme


def register(client, **params):
    response = client.get(reverse("meeting_register"), params)
    assert response.status_code == 200, response
    book = load_workbook(io.BytesIO(response.content))
    return response, book.active


def values(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_register_lists_the_years_meetings_of_the_subtree(world, login, year_of_meetings):
    response, sheet = register(login(world.admin), org=world.g.pk, year=YEAR)
    rows = values(sheet)
    assert rows[0][0] == f"教育局党总支{YEAR}年会议台账"
    assert rows[1] == ["序号", "所属组织", "会议类型", "会议主题", "时间", "地点", "主持人", "记录人", "应到", "实到",
                       "请假", "缺席", "学时", "是否达到法定人数", "状态"]
    assert rows[2:] == [  # by time; no draft, nothing of last year
        [1, "二中党支部", "主题党日", "主题党日", f"{YEAR}年3月5日\n09:00—11:00", "党员活动室", None, None, 1,
         None, None, None, None, None, "已发布"],
        [2, "一中党支部", "支委会", "研究发展党员工作", f"{YEAR}年10月17日\n14:30—16:00", "党员活动室", "张丽", "王强",
         3, 1, 1, 1, 2, "否", "已召开"],
    ]
    assert filename(response) == f"教育局党总支_{YEAR}年_会议台账_{timezone.localdate():%Y%m%d}.xlsx"


def test_the_register_of_a_branch_has_no_org_column_and_prints_as_the_ledger(world, login, year_of_meetings):
    _, sheet = register(login(world.sec_a))  # no ?org=, no ?year=: the secretary's branch, this year
    rows = values(sheet)
    assert rows[0][0] == f"一中党支部{YEAR}年会议台账"
    assert "所属组织" not in rows[1]
    assert [row[2] for row in rows[2:]] == ["研究发展党员工作"]
    assert sheet.print_title_rows == "1:2" or sheet.print_title_rows == "$2:$2"
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize) == ("landscape", 9)
    assert "第 &P 页 共 &N 页" in sheet.oddFooter.center.text


def test_a_title_typed_as_a_formula_stays_text(world, login, held):
    for n, text in enumerate(FORMULA_LOOKALIKES):
        MeetingFactory(org=world.a, created_by=world.sec_a, title=text, starts_at=at(1, 2 + n, 9),
                       ends_at=at(1, 2 + n, 10), status=Meeting.Status.HELD)
    response, sheet = register(login(world.sec_a), year=YEAR)
    assert formula_cells(response.content) == []
    assert sorted(row[2] for row in values(sheet)[2:-1]) == sorted(FORMULA_LOOKALIKES)


def test_the_register_costs_the_same_queries_for_one_meeting_or_many(world, login, held):
    client = login(world.sec_a)
    register(client, year=YEAR)  # warm: the content types the audit entry names are cached from then on
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            register(client, year=YEAR)
        counts.append(len(queries))
        for n in range(5):
            meeting = MeetingFactory(org=world.a, created_by=world.sec_a, starts_at=at(2, 1 + n, 9),
                                     ends_at=at(2, 1 + n, 10), status=Meeting.Status.HELD, host=world.alice,
                                     recorder=world.bob, invited=[world.alice, world.bob])
            attend(meeting, world.alice, Attended.PRESENT)
    assert counts[0] == counts[1]


def test_a_download_of_the_register_is_in_the_audit_log(world, login, year_of_meetings):
    register(login(world.sec_a), org=world.a.pk, year=YEAR)
    entry = AuditEntry.objects.get(action="export.meeting_register")
    assert (entry.user, entry.org_path, entry.label) == (world.sec_a, world.a.path, "导出会议台账")
    assert entry.detail == f"一中党支部{YEAR}年会议台账，1 次会议"


@pytest.mark.parametrize(("param", "message"), [
    ({"year": "abc"}, "年份"), ({"year": "1999"}, "年份"), ({"org": "999999"}, "不在您的查看范围内"),
    ({"org": "not-a-number"}, "不在您的查看范围内"),
])
def test_a_bad_year_or_org_goes_back_to_the_list_which_says_why(world, login, param, message):
    client = login(world.sec_a)
    response = client.get(reverse("meeting_register"), param)
    assert response.status_code == 302 and response["Location"].startswith(reverse("meeting_list"))
    assert message in client.get(response["Location"]).content.decode()
    assert not AuditEntry.objects.filter(action="export.meeting_register").exists()


def test_an_org_outside_the_secretarys_view_is_refused(world, login):
    client = login(world.sec_a)
    response = client.get(reverse("meeting_register"), {"org": world.b.pk, "year": YEAR})
    assert response.status_code == 302
    assert "所选组织不存在或不在您的查看范围内" in client.get(response["Location"]).content.decode()


def test_a_member_without_a_role_may_not_export_a_register(world, login):
    assert login(world.alice_user).get(reverse("meeting_register")).status_code == 403
    assert "meeting-register" not in login(world.alice_user).get(reverse("meeting_list")).content.decode()


def test_the_meeting_list_links_the_register_of_its_org_and_year(world, login):
    page = login(world.sec_a).get(reverse("meeting_list"), {"org": world.a.pk, "year": YEAR}).content.decode()
    assert f'href="{reverse("meeting_register")}?org={world.a.pk}&amp;year={YEAR}"' in page


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_the_printed_register_repeats_its_header_and_numbers_its_pages(world, login, tmp_path):
    from qingfeng.ledger.tests.test_export_print import render

    for n in range(40):  # long titles: more than one landscape page
        MeetingFactory(org=world.a, created_by=world.sec_a, title=f"T{n}a 学习贯彻党的二十大精神专题研讨 T{n}z",
                       starts_at=at(1, 1, 8) + datetime.timedelta(days=n), status=Meeting.Status.HELD,
                       ends_at=at(1, 1, 10) + datetime.timedelta(days=n))
    response, _ = register(login(world.sec_a), year=YEAR)
    pages = render(response.content, tmp_path).findall(".//page")
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        texts = [word.text for word in page.findall(".//word")]
        assert "会议主题" in texts, f"page {number} lacks the header row"
        assert f"第{number}页共{len(pages)}页" in "".join(texts)
    printed = [word.text for page in pages for word in page.findall(".//word")]
    assert [tag for n in range(40) for tag in (f"T{n}a", f"T{n}z") if printed.count(tag) != 1] == []
