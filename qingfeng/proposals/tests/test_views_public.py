"""What each role gets from the public pages of 提案/社情民意 (see qingfeng/tests/views.py for what these
declarations test): everybody, logged in or not, opens them; the POST-only rating answers a GET with 405."""

from qingfeng.proposals.models import Proposal
from qingfeng.tests.views import OK, POST_FIRST, ROLES, ViewTestCases, url

EVERYONE = dict.fromkeys(ROLES, OK)


class TestPublicProposalViews(ViewTestCases):
    models = (Proposal,)
    urls = {
        "proposal_new": [url(**EVERYONE)],
        "proposal_challenge": [url(**EVERYONE)],
        # GET: the form for the code (the POST, which opens an item, is test_public.py's)
        "proposal_track": [url(**EVERYONE)],
        "proposal_rate": [url(**POST_FIRST)],
        "proposal_public_list": [url(**EVERYONE)],
        "proposal_public_detail": [url("published_proposal", **EVERYONE)],
    }
