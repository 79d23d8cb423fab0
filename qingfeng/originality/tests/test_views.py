"""What each role gets from every page of 查重 (see qingfeng/tests/views.py for what these declarations test)."""

from qingfeng.originality.models import Document, LibraryText, Match
from qingfeng.tests.views import (
    ADMIN_ONLY,
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

# Importing into a library: the secretaries and the org admin; a member and the read-only roles may not.
LIBRARY_MANAGERS = dict(anonymous=LOGIN, alice=FORBIDDEN, sec_a=OK, sec_b=OK, admin=OK, leader=FORBIDDEN,
                        inspector=FORBIDDEN, discipline=FORBIDDEN)


class TestOriginalityViews(ViewTestCases):
    """查重: the 范文库 is read by the viewers of its org and changed by its managers; a member reads no library.
    A campaign's flag line is its org admin's."""

    models = (LibraryText, Document, Match)
    urls = {
        "originality_library": [url(**everyone(OK, alice=FORBIDDEN))],
        "originality_library_import": [url(**LIBRARY_MANAGERS)],
        "originality_library_text": [url("library_text", **BRANCH_VIEW, alice=NOT_FOUND)],
        "originality_library_delete": [url("library_text", **POST_AFTER_LOGIN)],
        "originality_threshold": [url("campaign", **ADMIN_ONLY, alice=(FORBIDDEN, NOT_FOUND))],
        # a check's report: the branch's reviewers and the viewers above; the member whose submission it is
        "originality_report": [url("originality", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
        "originality_summary": [url("originality", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
        # a campaign's results: a member sees her own row
        "originality_results": [url("campaign", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
    }
