"""What each role gets from every page of ledger (see qingfeng/tests/views.py for what these declarations test)."""

from qingfeng.ledger.models import Evidence, Problem, Rectification
from qingfeng.tests.views import (
    BRANCH_MANAGE,
    BRANCH_VIEW,
    CONFIDENTIAL,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    POST_AFTER_LOGIN,
    ViewTestCases,
    everyone,
    url,
)


class TestLedgerViews(ViewTestCases):
    """改: problems (plain and 信访举报), rectifications, evidence, the ledger and its exports."""

    models = (Problem, Rectification, Evidence)
    urls = {
        "problem_list": [url("campaign", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
        # inspector and discipline register problems too; the leader only reads
        "problem_create": [url("campaign", **dict(BRANCH_VIEW, leader=FORBIDDEN), alice=(FORBIDDEN, NOT_FOUND))],
        "problem_detail": [url("problem", **BRANCH_VIEW, alice=(OK, NOT_FOUND)),
                           url("secret_problem", **CONFIDENTIAL)],
        "rectification_create": [url("problem", **BRANCH_MANAGE, alice=(FORBIDDEN, NOT_FOUND))],
        "rectification_detail": [url("rectification", **BRANCH_VIEW, alice=(OK, NOT_FOUND)),
                                 url("secret_rectification", **CONFIDENTIAL)],
        "rectification_action": [url("rectification", **POST_AFTER_LOGIN)],
        "evidence_upload": [url("rectification", **POST_AFTER_LOGIN)],
        "evidence_download": [url("evidence", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
        "ledger_list": [url(**everyone())],  # what each role sees of it: the NEVER_SHOWN check
        "ledger_export": [url(**everyone())],  # .xlsx; its cells are read for NEVER_SHOWN too
    }
