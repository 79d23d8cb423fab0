"""What each role gets from every page of reports (see qingfeng/tests/views.py for what these declarations test)."""

from qingfeng.campaigns.models import Campaign
from qingfeng.inspection.models import SelfInspection
from qingfeng.orglife.models import Meeting
from qingfeng.proposals.models import Assignment, Proposal
from qingfeng.reports.models import SummaryText
from qingfeng.tests.views import (
    ADMIN_ONLY,
    BRANCH_VIEW,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    ViewTestCases,
    everyone,
    url,
)


class TestReportViews(ViewTestCases):
    """我的, the campaign documents, the dashboard and its API (DRF answers anonymous with 403, not a
redirect)."""

    models = (Campaign, SelfInspection, SummaryText, Meeting, Proposal, Assignment)
    urls = {
        "campaign_summary_document": [url("campaign", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],  # what she sees
        "inspection_document": [url("campaign", "inspection", **BRANCH_VIEW, alice=NOT_FOUND)],
        # the report's texts are the launcher's: an org admin there or above; everyone else reads the report
        "summary_text_edit": [url("campaign", **ADMIN_ONLY, alice=(FORBIDDEN, NOT_FOUND))],
        # who reads every member's 对照检查 of the branch; the GET only says what the .zip will hold
        "inspection_archive": [url("campaign", **BRANCH_VIEW, alice=(FORBIDDEN, NOT_FOUND))],
        # whoever sees the meeting, an invitee too (she reads it, not the others' attendance)
        "meeting_record_document": [url("meeting", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
        # an org's 台账 (default: where the role starts, this year); a member without a role has none
        "meeting_register": [url(**everyone(alice=FORBIDDEN))],
        "my_work": [url(**everyone())],
        # a member sees the campaign but has no dashboard of it
        "campaign_dashboard": [url("campaign", **BRANCH_VIEW, alice=(FORBIDDEN, NOT_FOUND))],
        # the dashboard's 普遍性问题 card, which the page asks for once shown: as the dashboard
        "campaign_recurring": [url("campaign", **BRANCH_VIEW, alice=(FORBIDDEN, NOT_FOUND))],
        "api_campaign_figures": [url("campaign", **dict(BRANCH_VIEW, anonymous=FORBIDDEN),
                                     alice=(FORBIDDEN, NOT_FOUND))],
        "api_schema": [url(**everyone(anonymous=FORBIDDEN))],
        # 组织生活合规 of the org where the role starts (as the dashboard): a member without a viewing role has none
        "orglife_compliance": [url(**everyone(alice=FORBIDDEN))],
        # 提案/社情民意 figures of the org where the role starts (a secretary: her branch's own items, through its
        # assignments), and its 年度考评 .xlsx; a member without a viewing role has none
        "proposal_dashboard": [url(**everyone(alice=FORBIDDEN))],
        "proposal_appraisal_export": [url(**everyone(alice=FORBIDDEN))],
    }
