"""What each role gets from every page of 组织生活 (see qingfeng/tests/views.py for what these declarations test)."""

from qingfeng.orglife.models import (
    Criticism,
    Evaluation,
    EvaluationParticipant,
    EvaluationTally,
    Meeting,
    MeetingAttendance,
    MeetingFile,
    Requirement,
    Talk,
)
from qingfeng.tests.views import (
    ADMIN_ONLY,
    BRANCH_MANAGE,
    BRANCH_VIEW,
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    POST_AFTER_LOGIN,
    ViewTestCases,
    everyone,
    url,
)

# Drafting a meeting: the secretaries and the org admin; a member and the read-only roles may not.
MANAGERS_ONLY = dict(anonymous=LOGIN, alice=FORBIDDEN, sec_a=OK, sec_b=OK, admin=OK, leader=FORBIDDEN,
                     inspector=FORBIDDEN, discipline=FORBIDDEN)


class TestOrglifeViews(ViewTestCases):
    """组织生活: a member sees the published meetings she is invited to (alice: branch A's), never edits them."""

    models = (Meeting, MeetingAttendance, MeetingFile, Requirement, Talk, Evaluation, EvaluationParticipant,
              EvaluationTally, Criticism)
    urls = {
        "meeting_list": [url(**everyone())],
        "meeting_create": [url(**MANAGERS_ONLY)],
        "meeting_detail": [url("meeting", **BRANCH_VIEW, alice=(OK, NOT_FOUND)),
                           url("life_meeting", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
        "meeting_edit": [url("meeting", **BRANCH_MANAGE, alice=(FORBIDDEN, NOT_FOUND))],
        "meeting_record": [url("meeting", **BRANCH_MANAGE, alice=(FORBIDDEN, NOT_FOUND))],
        "meeting_action": [url("meeting", **POST_AFTER_LOGIN)],
        "meeting_report": [url("life_meeting", **POST_AFTER_LOGIN)],
        "meeting_leave": [url("meeting", **POST_AFTER_LOGIN)],
        "leave_decide": [url("meeting_attendance", **POST_AFTER_LOGIN)],
        "meeting_file": [url("meeting_file", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
        # 扫码签到 without a token: every login reads that the code is invalid (test_signin.py signs in).
        "meeting_signin": [url(**everyone())],
        # 谈心谈话: the secretaries and the org admin record; the two who talked read it (alice: branch A's)
        "talk_list": [url(**everyone())],
        "talk_create": [url(**MANAGERS_ONLY)],
        "talk_detail": [url("talk", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
        "talk_edit": [url("talk", **BRANCH_MANAGE, alice=(FORBIDDEN, NOT_FOUND))],
        # 批评意见 at a 组织生活会: its managers record them and turn them into problems; alice reads hers
        "criticism_create": [url("life_meeting", **BRANCH_MANAGE, alice=(FORBIDDEN, NOT_FOUND))],
        "criticism_problem": [url("criticism", **POST_AFTER_LOGIN)],
        # 民主评议: the branch's managers run it, its viewers read it, each member takes part in her branch's
        "evaluation_list": [url(**everyone())],
        "evaluation_create": [url(**MANAGERS_ONLY)],
        "evaluation_detail": [url("evaluation", **BRANCH_VIEW, alice=(OK, NOT_FOUND)),
                              url("evaluation_closed", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
        # her own 个人总结 and ballot: nobody else has one to write (the org admin and others take no part here)
        "evaluation_summary": [url("evaluation", **everyone(NOT_FOUND, alice=(OK, NOT_FOUND)))],
        "evaluation_vote": [url("evaluation", **everyone(NOT_FOUND, alice=(OK, NOT_FOUND)))],
        "evaluation_action": [url("evaluation", **POST_AFTER_LOGIN)],
        "evaluation_paper": [url("evaluation", **BRANCH_MANAGE, alice=(FORBIDDEN, NOT_FOUND))],
        "evaluation_results": [url("evaluation_closed", **BRANCH_MANAGE, alice=(FORBIDDEN, NOT_FOUND))],
        "evaluation_export": [url("evaluation_closed", **BRANCH_VIEW, alice=(FORBIDDEN, NOT_FOUND))],
        # the rules of organization life for a branch: the org admin over it changes them; a member sees no org
        "requirement_list": [url("org", **ADMIN_ONLY, alice=NOT_FOUND)],
        "requirement_reset": [url("org", **POST_AFTER_LOGIN)],
    }
