"""What each role gets from every page of 组织生活 (see qingfeng/tests/views.py for what these declarations test)."""

from qingfeng.orglife.models import Meeting, MeetingAttendance, MeetingFile
from qingfeng.tests.views import (
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

    models = (Meeting, MeetingAttendance, MeetingFile)
    urls = {
        "meeting_list": [url(**everyone())],
        "meeting_create": [url(**MANAGERS_ONLY)],
        "meeting_detail": [url("meeting", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
        "meeting_edit": [url("meeting", **BRANCH_MANAGE, alice=(FORBIDDEN, NOT_FOUND))],
        "meeting_record": [url("meeting", **BRANCH_MANAGE, alice=(FORBIDDEN, NOT_FOUND))],
        "meeting_action": [url("meeting", **POST_AFTER_LOGIN)],
        "meeting_leave": [url("meeting", **POST_AFTER_LOGIN)],
        "leave_decide": [url("meeting_attendance", **POST_AFTER_LOGIN)],
        "meeting_file": [url("meeting_file", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
    }
