"""What each role gets from the staff pages of 提案/社情民意 (see qingfeng/tests/views.py for what these declarations
test). The site's items are taken in by 清风县委 (the office: admin acts, leader/inspector/discipline read) and
handled by each branch (sec_a, sec_b: through their assignment only); the contact phone is the office's alone."""

from qingfeng.proposals.models import Assignment, Progress, Proposal, ProposalFile, ProposalNotice, Rating, Reply
from qingfeng.tests.views import (
    BRANCH_MANAGE,
    BRANCH_VIEW,
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    POST_AFTER_LOGIN,
    REDIRECT,
    ViewTestCases,
    everyone,
    url,
)

# The office's page: its roles read it; a branch's secretary, who reads the item through her assignment, is sent to
# the assignment's page; a member reads only her own, on 我的提案.
OFFICE_VIEW = dict(anonymous=LOGIN, alice=NOT_FOUND, sec_a=(REDIRECT, NOT_FOUND), sec_b=(NOT_FOUND, REDIRECT),
                   admin=OK, leader=OK, inspector=OK, discipline=OK)
# The office's actions: the units see the item but may not take it in.
OFFICE_ACT = dict(OFFICE_VIEW, sec_a=(FORBIDDEN, NOT_FOUND), sec_b=(NOT_FOUND, FORBIDDEN), leader=FORBIDDEN,
                  inspector=FORBIDDEN, discipline=FORBIDDEN)
# A unit's item, through its assignment: the branch's secretary and whoever oversees the branch.
UNIT_VIEW = dict(BRANCH_VIEW, alice=NOT_FOUND)


class TestProposalViews(ViewTestCases):
    """受理, 承办, 我的提案 and the categories (the public pages are test_views_public.py's)."""

    models = (Proposal, Assignment, Progress, Reply, ProposalFile, Rating, ProposalNotice)
    urls = {
        # the branches' secretaries are sent to 承办事项, a member without a role to 我的提案
        "proposal_list": [url(**everyone(OK, alice=REDIRECT, sec_a=REDIRECT, sec_b=REDIRECT))],
        "proposal_detail": [url("proposal", **OFFICE_VIEW)],
        "proposal_action": [url("proposal", **POST_AFTER_LOGIN)],
        # the site's items are 办理中: the forms open and say they cannot merge or assign now
        "proposal_merge": [url("proposal", **OFFICE_ACT)],
        "proposal_assign": [url("proposal", **OFFICE_ACT)],
        "proposal_publish": [url("proposal", **POST_AFTER_LOGIN)],
        "proposal_file": [url("proposal_file", **UNIT_VIEW)],
        # the categories serve every office: the org admin of a top org alone
        "proposal_categories": [url(**everyone(FORBIDDEN, admin=OK))],
        "assignment_list": [url(**everyone(OK, alice=REDIRECT))],
        "assignment_detail": [url("assignment", **UNIT_VIEW)],
        "assignment_progress": [url("assignment", **POST_AFTER_LOGIN)],
        "assignment_done": [url("assignment", **POST_AFTER_LOGIN)],
        "assignment_reply": [url("assignment", **dict(BRANCH_MANAGE, alice=NOT_FOUND))],
        "assignment_file": [url("assignment", "proposal_file", **UNIT_VIEW)],
        # her own submissions: nobody submitted the site's items from the app
        "my_proposals": [url(**everyone())],
        "my_proposal": [url("proposal", **everyone(NOT_FOUND))],
        "my_proposal_rate": [url("proposal", **POST_AFTER_LOGIN)],
    }
