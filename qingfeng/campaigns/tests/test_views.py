"""What each role gets from every page of campaigns (see qingfeng/tests/views.py for what these declarations test)."""

from qingfeng.campaigns.models import Campaign, KeyTask
from qingfeng.tests.views import (
    ADMIN_ONLY,
    BRANCH_VIEW,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    POST_FIRST,
    ViewTestCases,
    everyone,
    url,
)


class TestCampaignViews(ViewTestCases):
    """Campaigns, seen by everyone in the subtree they cover and launched by the org admin; the
problem-list library, reference data every user reads and the org admin imports."""

    models = (Campaign, KeyTask)
    urls = {
        "campaign_list": [url(**everyone())],
        "campaign_create": [url(**everyone(FORBIDDEN, admin=OK))],
        "campaign_detail": [url("campaign", **BRANCH_VIEW, alice=(OK, NOT_FOUND))],
        "campaign_edit": [url("campaign", **ADMIN_ONLY, alice=(FORBIDDEN, NOT_FOUND))],
        "campaign_activate": [url("campaign", **POST_FIRST)],
        "campaign_close": [url("campaign", **POST_FIRST)],
        "campaign_task_add": [url("campaign", **POST_FIRST)],
        "checklist_list": [url(**everyone())],
        "checklist_detail": [url("checklist", **everyone())],
        "checklist_export": [url("checklist", **everyone())],
        "checklist_template": [url(**everyone())],
        "checklist_import": [url(**everyone(FORBIDDEN, admin=OK))],
    }
