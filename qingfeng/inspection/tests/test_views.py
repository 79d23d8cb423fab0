"""What each role gets from every page of inspection (see qingfeng/tests/views.py for what these declarations test)."""

from qingfeng.inspection.models import Commitment, SelfInspection
from qingfeng.tests.views import (
    BRANCH_VIEW,
    MEMBERS_FORM,
    NOT_FOUND,
    REVIEWERS_LIST,
    ViewTestCases,
    url,
)


class TestInspectionViews(ViewTestCases):
    """查: self-inspection (A's is bob's, so alice reads none but her own form) and the commitment."""

    models = (SelfInspection, Commitment)
    urls = {
        "inspection_mine": [url("campaign", **MEMBERS_FORM)],
        "inspection_list": [url("campaign", **REVIEWERS_LIST)],
        "inspection_detail": [url("campaign", "inspection", **BRANCH_VIEW, alice=NOT_FOUND)],
        "commitment_sign": [url("campaign", **MEMBERS_FORM)],
        "commitment_list": [url("campaign", **REVIEWERS_LIST)],
    }
