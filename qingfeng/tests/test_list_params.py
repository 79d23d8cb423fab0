"""No query string makes a list fail: every parameter of every list page, with nonsense.

A refusal (4xx) or a page that says what is wrong is fine; a 5xx or an exception is not. The
parameters are the pages' own: page and page size, the table's sort, and every field of the
page's FilterSet (read from the FilterSet, so a new filter is fuzzed as soon as it exists).
A secretary sends each parameter alone, so that each valid filter reaches the database (one
invalid field sends a filter set to its error message before any filtering); the org admin and
a member send every parameter at once.
"""

import pytest
from django.db import transaction
from django.urls import reverse

from qingfeng.campaigns.filters import CampaignFilter
from qingfeng.core import paging
from qingfeng.core.filters import AuditEntryFilter
from qingfeng.inspection.filters import CommitmentProgressFilter, InspectionProgressFilter
from qingfeng.ledger.filters import LedgerFilter, ProblemFilter
from qingfeng.orglife.filters import MeetingFilter
from qingfeng.orglife.talks import TalkFilter
from qingfeng.orglife.views.evaluations import EvaluationFilter
from qingfeng.orgs.filters import MemberFilter, RoleFilter
from qingfeng.study.filters import ReflectionFilter, StudyActivityFilter
from qingfeng.tests.views import url_args

TABLE = ("page", "per_page", "sort")  # django-tables2 lists

# url name -> (records its arguments name, the query parameters it reads)
LISTS = {
    "ledger_list": ((), (*TABLE, *LedgerFilter.base_filters)),
    "ledger_export": ((), tuple(LedgerFilter.base_filters)),
    "problem_list": (("campaign",), (*TABLE, *ProblemFilter.base_filters)),
    "org_detail": (("org",), (*TABLE, *MemberFilter.base_filters)),
    "org_roles": (("org",), (*TABLE, *RoleFilter.base_filters)),
    "campaign_list": ((), (*TABLE, *CampaignFilter.base_filters)),
    "notification_list": ((), ("page", "per_page")),
    "study_list": (("campaign",), (*TABLE, *StudyActivityFilter.base_filters)),
    "reflection_list": (("campaign",), (*TABLE, *ReflectionFilter.base_filters)),
    "inspection_list": (("campaign",), (*TABLE, *InspectionProgressFilter.base_filters)),
    "commitment_list": (("campaign",), (*TABLE, *CommitmentProgressFilter.base_filters)),
    "campaign_detail": (("campaign",), ("org",)),
    "campaign_summary_document": (("campaign",), ("org",)),
    "campaign_dashboard": (("campaign",), ("org",)),
    "api_campaign_figures": (("campaign",), ("org",)),
    "checklist_export": (("checklist",), ("format",)),
    "audit_log": ((), (*TABLE, *AuditEntryFilter.base_filters)),
    "meeting_list": ((), (*TABLE, *MeetingFilter.base_filters)),
    "meeting_create": ((), ("org",)),
    "meeting_register": ((), ("org", "year")),
    "audit_log_export": ((), tuple(AuditEntryFilter.base_filters)),
    "talk_list": ((), (*TABLE, *TalkFilter.base_filters)),
    "talk_create": ((), ("org",)),
    "evaluation_list": ((), (*TABLE, *EvaluationFilter.base_filters)),
    "orglife_compliance": ((), ("org", "year", "page", "hours-page", "hours-per_page", "hours-sort")),
    "requirement_list": (("org",), ("subject",)),
}
NONSENSE = [
    "-1", "0", str(10**30), "\x00", "1\x00", "²",  # "²" passes str.isdigit() but not int()
    "清风", "9" * 10_000, "x" * 10_000,  # int() refuses over 4,300 digits
]


def failures(client, path, queries) -> list:
    found = []
    for query in queries:
        try:
            with transaction.atomic():  # a database error must not poison the requests after it
                status = client.get(path, query).status_code
        except Exception as error:  # every exception is a failure to report
            found.append(({k: v[:20] for k, v in query.items()}, repr(error)[:300]))
        else:
            if status >= 500:
                found.append(({k: v[:20] for k, v in query.items()}, status))
    return found


@pytest.mark.parametrize("name", sorted(LISTS))
def test_no_parameter_value_makes_a_list_fail(site, client, name):
    kinds, params = LISTS[name]
    client.force_login(site.users["sec_a"])
    path = reverse(name, args=url_args(site, kinds, "a"))
    assert failures(client, path, [{param: value} for param in params for value in NONSENSE]) == []


@pytest.mark.parametrize("role", ["admin", "alice"])
@pytest.mark.parametrize("name", sorted(LISTS))
def test_nonsense_in_every_parameter_at_once_makes_no_list_fail(site, client, name, role):
    kinds, params = LISTS[name]
    client.force_login(site.users[role])
    path = reverse(name, args=url_args(site, kinds, "a"))
    assert failures(client, path, [dict.fromkeys(params, value) for value in NONSENSE]) == []


@pytest.mark.parametrize(("asked", "size"), [
    ("", 25), ("-1", 25), ("0", 25), ("abc", 25), ("²", 25), ("1e3", 25), ("5", 10), ("50", 50),
    ("200", 200), ("201", 200), (str(10**30), 200), ("9" * 10_000, 200), ("0007", 10),
])
def test_the_page_size_stays_within_bounds(rf, asked, size):
    assert paging.per_page(rf.get("/", {"per_page": asked}), 25) == size


@pytest.mark.parametrize("asked", ["-1", "100000"])
def test_the_ledger_shows_a_bounded_page(site, client, asked):
    client.force_login(site.users["admin"])
    table = client.get(reverse("ledger_list"), {"per_page": asked}).context["table"]
    assert paging.MIN_PER_PAGE <= table.paginator.per_page <= paging.MAX_PER_PAGE


@pytest.mark.parametrize(("value", "parsed"), [
    ("12", 12), ("", None), ("0", None), ("-1", None), ("²", None), ("١٢", None), ("1.0", None),
    (str(2**63 - 1), 2**63 - 1), (str(2**63), None), ("9" * 10_000, None),
])
def test_an_id_in_the_query_string_is_a_plain_number_a_column_holds(value, parsed):
    assert paging.parse_id(value) == parsed
