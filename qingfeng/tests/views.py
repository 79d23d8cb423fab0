"""`ViewTestCases`: an app declares its pages once and inherits their tests (NetBox's ViewTestCases, as pytest).

Each app's `tests/test_views.py` has one subclass naming the models its pages show and, for every
URL name of the app, what each role gets from a GET on a record inside and outside its scope:

    class TestLedgerViews(ViewTestCases):
        models = (Problem, Rectification, Evidence)
        urls = {
            "rectification_detail": [url("rectification", **BRANCH_VIEW, alice=(OK, NOT_FOUND)),
                                     url("secret_rectification", **CONFIDENTIAL)],
        }

and so gets, for every declared URL:

- the **permission** test: each role × branch A's record and branch B's gets the declared outcome, and
  no body (page, JSON, or the text inside an .xlsx/.docx) contains what `NEVER_SHOWN` lists for the role;
- the **GET changes nothing** test, in the same request: every table's row count is as it was, but for the audit
  log's record of a download (an `export.*` entry);
- the **query-count** test: a page someone may open costs the number of queries pinned for it in
  qingfeng/core/tests/query_counts.json ("views.<url name>[.<records>]"), the same before and after
  `site.grow()` adds another full set of records to both branches;
- the **phone-width** test: every HTML page someone may open fits a 375-px screen (Debian's chromium
  renders what the test client serves, so it runs on the test's own database).

`qingfeng/tests/test_views_declared.py` fails while any URL the resolver knows is declared by no app
(or by two): a new page cannot ship without someone deciding who may open it, and so without its tests.

The records are the `site` fixture's (qingfeng/tests/site.py); the roles its users: anonymous; alice,
a member of branch A with a login; sec_a and sec_b, the secretaries of branches A and B; admin (org
admin), leader, inspector and discipline, all on the committee above both branches. The outcomes:

    LOGIN      302 to the login page (anonymous)
    REDIRECT   302 elsewhere: the page sends this role on (a reviewer from the member's form to the list)
    OK         200
    FORBIDDEN  403: the record is seen, the action is not allowed
    NOT_FOUND  404: the record is outside the role's scope (or a URL names nothing the role can see)
    POST_ONLY  405: the URL only takes POST (a GET changes nothing; each view's tests cover the POST)

A single outcome stands for both branches. A hole known today is never declared as it is: the row
keeps the outcome it should have, and `xfail={(role, side): "why, and who fixes it"}` marks that case
as a strict expected failure, so the test fails again the day the fix lands.
"""

import importlib
import io
import json
import pkgutil
import queue
import threading
import zipfile
from dataclasses import dataclass, field
from typing import ClassVar
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qingfeng.core.models import AuditEntry
from qingfeng.core.permissions import SCOPES
from qingfeng.core.testing import QUERY_COUNTS

ROLES = ("anonymous", "alice", "sec_a", "sec_b", "admin", "leader", "inspector", "discipline")
SIDES = ("a", "b")

LOGIN = "login"
REDIRECT = "redirect"
OK = 200
FORBIDDEN = 403
NOT_FOUND = 404
POST_ONLY = 405

# --- What the site fixture writes, and who must never read it ---

# Each member's current and former phone (the former one shows in the change history).
PHONES = {
    "alice": ("13812345678", "13800001111"),
    "bob": ("13812340002",),  # branch A, no login
    "carol": ("13912345678", "13900002222"),  # branch B
}
# The free text of why a phone was changed ("更换手机号码：…" in the history): sensitive like the phone.
CHANGE_REASONS = {"alice": "张丽本人申请，原号码停用", "carol": "李梅本人申请，原号码停用"}
# 来源详情 of the 信访举报 problem in each branch: who reported it. Discipline only, never its subject.
SECRET_DETAIL = {"a": "举报人：王某某（一中）", "b": "举报人：李某某（二中）"}
# The 信访举报 problem itself and its rectification: discipline and the member it concerns.
SECRET_TEXT = {"a": ("收受礼金线索（一中）", "退还礼金并说明（一中）"),
               "b": ("收受礼金线索（二中）", "退还礼金并说明（二中）")}

# The contact phone a member of the public left on an item of each branch (proposals): the office's alone.
PROPOSAL_PHONES = {"a": "13755551111", "b": "13755552222"}

# What only a member's managers (and the member herself) read in clear.
_A_MANAGED = PHONES["alice"] + PHONES["bob"] + (CHANGE_REASONS["alice"],)
_B_MANAGED = PHONES["carol"] + (CHANGE_REASONS["carol"],)
_DETAILS = tuple(SECRET_DETAIL.values())
_SECRETS = SECRET_TEXT["a"] + SECRET_TEXT["b"]
_CONTACTS = tuple(PROPOSAL_PHONES.values())
NEVER_SHOWN = {
    "anonymous": _A_MANAGED + _B_MANAGED + _DETAILS + _SECRETS + _CONTACTS,
    # her own phone and her own 信访举报 problem, yes; who reported it, no
    "alice": PHONES["bob"] + _B_MANAGED + _DETAILS + SECRET_TEXT["b"] + _CONTACTS,
    "sec_a": _B_MANAGED + _DETAILS + _SECRETS + _CONTACTS,
    "sec_b": _A_MANAGED + _DETAILS + _SECRETS + _CONTACTS,
    "admin": _DETAILS + _SECRETS,
    # read-only roles see phones masked (138****5678)
    "leader": _A_MANAGED + _B_MANAGED + _DETAILS + _SECRETS + _CONTACTS,
    "inspector": _A_MANAGED + _B_MANAGED + _DETAILS + _SECRETS + _CONTACTS,
    "discipline": _A_MANAGED + _B_MANAGED + _CONTACTS,
}


@dataclass(frozen=True)
class Row:
    kinds: tuple[str, ...]  # the records the URL's arguments name, in order ("campaign", "reflection")
    expect: dict[str, tuple]  # role -> (outcome on branch A's records, outcome on branch B's)
    xfail: dict[tuple[str, str], str] = field(default_factory=dict)  # (role, side) -> a hole known today

    @property
    def label(self) -> str:
        return "+".join(self.kinds) or "-"

    def pin_role(self) -> str | None:
        """Who the query count is measured as: the first role, in the order below, who may open branch A's page."""
        for role in ("sec_a", "admin", "alice", "leader", "inspector", "discipline", "anonymous"):
            if self.expect[role][0] == OK:
                return role
        return None


def url(*kinds, xfail=None, **expect) -> Row:
    missing = set(ROLES) - set(expect)
    assert not missing, f"declare {sorted(missing)} for {kinds}"
    pairs = {role: value if isinstance(value, tuple) else (value, value) for role, value in expect.items()}
    if not kinds:
        assert all(a == b for a, b in pairs.values()), "a URL without arguments has one outcome per role"
    return Row(tuple(kinds), pairs, xfail or {})


def everyone(outcome=OK, **overrides) -> dict:
    """Every logged-in role gets `outcome`; anonymous goes to the login page."""
    return {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], outcome), **overrides}


# Records of a branch, read by role: each secretary in their own branch, the committee's roles everywhere.
BRANCH_VIEW = dict(anonymous=LOGIN, sec_a=(OK, NOT_FOUND), sec_b=(NOT_FOUND, OK),
                   admin=OK, leader=OK, inspector=OK, discipline=OK)
# A manager's change: secretaries in their branch and the org admin; the read-only roles see but may not.
BRANCH_MANAGE = dict(BRANCH_VIEW, leader=FORBIDDEN, inspector=FORBIDDEN, discipline=FORBIDDEN)
# Only the org admin: secretaries see their branch but may not; the read-only roles likewise.
ADMIN_ONLY = dict(BRANCH_MANAGE, sec_a=(FORBIDDEN, NOT_FOUND), sec_b=(NOT_FOUND, FORBIDDEN))
# A member's own record: nobody else may change it, though the branch's reviewers read it.
OWNER_ONLY = dict(ADMIN_ONLY, admin=FORBIDDEN)
# A member's own page: she fills it, whoever oversees the branch is sent on to the list.
MEMBERS_FORM = dict(anonymous=LOGIN, alice=(OK, NOT_FOUND), sec_a=(REDIRECT, NOT_FOUND),
                    sec_b=(NOT_FOUND, REDIRECT), admin=REDIRECT, leader=REDIRECT, inspector=REDIRECT,
                    discipline=REDIRECT)
# The reviewers' list of a campaign: a member is sent to her own form.
REVIEWERS_LIST = dict(BRANCH_VIEW, alice=(REDIRECT, NOT_FOUND))
# A 信访举报 problem and what hangs off it: discipline, and the member it concerns (alice in A).
CONFIDENTIAL = dict(anonymous=LOGIN, alice=(OK, NOT_FOUND), sec_a=NOT_FOUND, sec_b=NOT_FOUND,
                    admin=NOT_FOUND, leader=NOT_FOUND, inspector=NOT_FOUND, discipline=OK)
# POST-only endpoints behind login_required: anonymous is sent to log in first.
POST_AFTER_LOGIN = everyone(POST_ONLY)
# POST-only endpoints whose require_POST comes before login_required: 405 for anonymous as well.
POST_FIRST = dict.fromkeys(ROLES, POST_ONLY)


# --- What a response is, as the tests read it ---


def url_args(site, kinds, side) -> list[int]:
    return [site.records[side][kind].pk for kind in kinds]


def outcome(response):
    if response.status_code == 302:
        return LOGIN if response["Location"].startswith(reverse("login")) else REDIRECT
    return response.status_code


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def body_text(data: bytes) -> str:
    """What a person could read in a response: the page, the JSON, or the text inside an .xlsx/.docx."""
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                           if name.endswith(".xml"))
    return data.decode("utf-8", "replace")


def row_counts() -> dict[str, int]:
    """One COUNT per table (history and many-to-many tables, sessions and django-axes included), in one query."""
    tables = sorted({m._meta.db_table for m in apps.get_models(include_auto_created=True)
                     if m._meta.managed and not m._meta.proxy})
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables))
        return dict(zip(tables, cursor.fetchone(), strict=True))


def log_in(client, site, role):
    client.logout()
    if role != "anonymous":
        client.force_login(site.users[role])


# --- The tests an app inherits ---

AUDIT_LOG = AuditEntry._meta.db_table

PHONE_WIDTH = 375


class ViewTestCases:
    """Subclass as `Test<App>Views`, set `models` and `urls`; the tests below run for every declared URL."""

    models: ClassVar[tuple] = ()
    urls: ClassVar[dict[str, list[Row]]] = {}

    def pytest_generate_tests(self, metafunc):
        if "case" in metafunc.fixturenames:
            metafunc.parametrize("case", list(self._cases()))
        if "pin" in metafunc.fixturenames:
            metafunc.parametrize("pin", [pytest.param(p, id=p[0]) for p in self._pins()])

    @classmethod
    def _cases(cls):
        for name, rows in cls.urls.items():
            for row in rows:
                for role in ROLES:
                    for side in SIDES if row.kinds else SIDES[:1]:
                        reason = row.xfail.get((role, side))
                        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                        yield pytest.param((name, row, role, side), marks=marks,
                                           id=f"{name}[{row.label}]-{role}-{side}")

    @classmethod
    def _pins(cls):
        """(pin name, url name, row, role) for each page somebody may open."""
        for name, rows in cls.urls.items():
            for row in rows:
                role = row.pin_role()
                if role:
                    key = f"views.{name}" + (f".{row.label}" if len(rows) > 1 else "")
                    yield key, name, row, role

    def test_each_role_gets_what_is_declared_and_changes_nothing(self, site, client, case):
        name, row, role, side = case
        log_in(client, site, role)
        before = row_counts()
        response = client.get(reverse(name, args=url_args(site, row.kinds, side)))
        changed = {table: n - before[table] for table, n in row_counts().items() if n != before[table]}
        assert outcome(response) == row.expect[role][SIDES.index(side)], f"{role} on branch {side.upper()}'s records"
        text = body_text(body(response))
        assert [secret for secret in NEVER_SHOWN[role] if secret in text] == []
        # The one write a GET may make: the audit log's record of a download of personal data.
        recorded = AuditEntry.objects.order_by("-id").values_list("action", flat=True)[:changed.pop(AUDIT_LOG, 0)]
        assert [action for action in recorded if not action.startswith("export.")] == []
        assert changed == {}, "a GET wrote to the database"

    def test_query_count_is_pinned_and_the_same_with_more_records(self, site, client, pin):
        key, name, row, role = pin
        pins = json.loads(QUERY_COUNTS.read_text())
        log_in(client, site, role)
        address = reverse(name, args=url_args(site, row.kinds, "a"))
        client.get(address)  # warm: the session, content types
        counts = []
        for grow in (False, True):
            if grow:
                site.grow()
            with CaptureQueriesContext(connection) as queries:
                assert client.get(address).status_code == OK
            counts.append(len(queries))
        listing = "\n".join(q["sql"][:500] for q in queries.captured_queries)
        assert counts[1] == counts[0], f"{key} as {role}: {counts[0]} queries, {counts[1]} with more\n{listing}"
        assert pins.get(key) == counts[0], f"{key} as {role}: {counts[0]} queries, pinned {pins.get(key)}"

    @pytest.mark.browser
    def test_every_page_fits_a_phone(self, site, client, phone_renderer):
        pages = {}  # the HTML pages as the role who may open them sees them: path -> (label, HTML)
        for _key, name, row, role in self._pins():
            log_in(client, site, role)
            address = reverse(name, args=url_args(site, row.kinds, "a"))
            response = client.get(address)
            if response["Content-Type"].startswith("text/html") and b"<html" in response.content[:500]:
                pages[address] = (f"{name} as {role}", response.content)  # not a file, JSON, or htmx fragment
        widths = phone_renderer.widths({address: html for address, (_label, html) in pages.items()})
        assert [pages[a][0] for a, (_width, styled) in widths.items() if not styled] == [], "Bootstrap did not load"
        assert {pages[a][0]: width for a, (width, _styled) in widths.items() if width > PHONE_WIDTH} == {}

    def test_its_models_are_under_the_permission_rule(self):
        assert self.models, "name the models these pages show"
        assert [m.__name__ for m in self.models if m not in SCOPES] == []


class PhoneRenderer:
    """Debian's chromium at phone width, in a thread of its own, measuring pages the test client rendered.

    Playwright's sync API runs an event loop in the thread that starts it, and Django keeps a connection per
    event loop: started in the test's thread, it would leave the test on another connection, outside the
    transaction that holds the `site` records. The browser asks for nothing but the page and static files.
    """

    def __init__(self):
        self.jobs = queue.Queue()
        self.thread = threading.Thread(target=self._run, name="phone-renderer", daemon=True)
        self.thread.start()

    def widths(self, pages: dict[str, bytes]) -> dict[str, tuple[int, bool]]:
        """path -> (the page's width in CSS pixels at a 375-px viewport, whether Bootstrap's CSS applied)."""
        reply = queue.Queue()
        self.jobs.put((pages, reply))
        result = reply.get(timeout=300)
        if isinstance(result, BaseException):
            raise result
        return result

    def close(self):
        self.jobs.put(None)
        self.thread.join(timeout=30)

    def _run(self):
        from playwright.sync_api import sync_playwright

        from conftest import CHROMIUM, CHROMIUM_ARGS

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            while (job := self.jobs.get()) is not None:
                pages, reply = job
                try:
                    reply.put(self._measure(browser, pages))
                except Exception as error:  # handed to the test's thread, which raises it
                    reply.put(error)
            browser.close()

    @staticmethod
    def _measure(browser, pages):
        context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 740}, locale="zh-CN",
                                      is_mobile=True, has_touch=True)
        context.route("**/*", lambda route: _serve(route, pages))
        page = context.new_page()
        measured = {}
        try:
            for address in pages:
                page.goto(f"http://testserver{address}")
                measured[address] = (page.evaluate("document.documentElement.scrollWidth"),
                                     page.evaluate("getComputedStyle(document.body).margin") == "0px")
        finally:
            context.close()
        return measured


def _serve(route, pages):
    """The page the test client rendered, static files from the finders, and nothing else."""
    path = urlsplit(route.request.url).path
    if path in pages:
        return route.fulfill(status=200, body=pages[path], content_type="text/html; charset=utf-8")
    found = path.startswith("/static/") and finders.find(path.removeprefix("/static/"))
    if found:
        with open(found, "rb") as file:
            return route.fulfill(status=200, body=file.read(), content_type=_static_type(found))
    return route.fulfill(status=204, body=b"")


def _static_type(path: str) -> str:
    return {"css": "text/css", "js": "text/javascript", "svg": "image/svg+xml", "woff2": "font/woff2"}.get(
        path.rsplit(".", 1)[-1], "application/octet-stream")


# --- Every app's declarations ---

APPS_WITH_PAGES = ("core", "orgs", "campaigns", "study", "inspection", "ledger", "orglife", "proposals", "originality",
                   "reports")


def declared() -> dict[str, list[tuple[type, list[Row]]]]:
    """url name -> [(the ViewTestCases subclass declaring it, its rows)], over every app's tests/test_views.py
    (and tests/test_views_<part>.py, where an app declares its pages in parts)."""
    found: dict[str, list] = {}
    for app in APPS_WITH_PAGES:
        package = importlib.import_module(f"qingfeng.{app}.tests")
        names = sorted(info.name for info in pkgutil.iter_modules(package.__path__)
                       if info.name == "test_views" or info.name.startswith("test_views_"))
        for value in [v for name in names
                      for v in vars(importlib.import_module(f"{package.__name__}.{name}")).values()]:
            if isinstance(value, type) and issubclass(value, ViewTestCases) and value is not ViewTestCases:
                for name, rows in value.urls.items():
                    found.setdefault(name, []).append((value, rows))
    return found
