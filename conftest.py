"""The small world every test starts from (healthchecks-style BaseTestCase, as fixtures).

    committee C (清风县委)
    ├── general branch G (教育局党总支)
    │   ├── branch A (一中党支部) ── group A1
    │   └── branch B (二中党支部)
    Users: admin (org admin of C), sec_a / sec_b (secretaries of A / B),
    leader (leader of C), inspector (of C), discipline (of C), alice (member of A, own login).
"""

import datetime
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connections

from qingfeng.campaigns.tests.factories import CampaignFactory
from qingfeng.orgs.models import Member, Org, Role
from qingfeng.orgs.tests.factories import PASSWORD, MemberFactory, UserFactory

# `site`: one record of every scoped kind in each of two branches, for the whole-system tests and the
# apps' view declarations (qingfeng/tests/views.py).
pytest_plugins = ["qingfeng.tests.site"]


@pytest.fixture
def world(db):
    kind = Org.Kind
    c = Org.create(None, code="C", name="清风县委", kind=kind.COMMITTEE)
    g = Org.create(c, code="G", name="教育局党总支", kind=kind.GENERAL_BRANCH)
    a = Org.create(g, code="A", name="一中党支部", kind=kind.BRANCH)
    a1 = Org.create(a, code="A1", name="一中第一党小组", kind=kind.GROUP)
    b = Org.create(g, code="B", name="二中党支部", kind=kind.BRANCH)
    role = Role.Kind
    w = SimpleNamespace(
        c=Org.objects.get(pk=c.pk), g=Org.objects.get(pk=g.pk), a=Org.objects.get(pk=a.pk),
        a1=Org.objects.get(pk=a1.pk), b=Org.objects.get(pk=b.pk),
        admin=UserFactory(username="admin", role=role.ORG_ADMIN, org=c),
        sec_a=UserFactory(username="sec_a", role=role.SECRETARY, org=a),
        sec_b=UserFactory(username="sec_b", role=role.SECRETARY, org=b),
        leader=UserFactory(username="leader", role=role.LEADER, org=c),
        inspector=UserFactory(username="inspector", role=role.INSPECTOR, org=c),
        discipline=UserFactory(username="discipline", role=role.DISCIPLINE, org=c),
        alice_user=UserFactory(username="alice", role=role.MEMBER, org=a),
    )
    w.alice = MemberFactory(org=a, name="张丽", group=a1, user=w.alice_user)
    w.bob = MemberFactory(org=a, name="王强", gender=Member.Gender.MALE, birth_date=datetime.date(1990, 3, 9))
    w.carol = MemberFactory(org=b, name="李梅", birth_date=datetime.date(1979, 11, 30))
    return w


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """What migrations seed (the proposal categories) comes back after a test that emptied the database: a
    transactional test (every browser test: live_server) ends with a flush of every table, in its fixtures'
    teardown, which this follows."""
    result = yield
    # (not after the last test: the session's fixtures, the test database among them, are gone by then)
    if nextitem is not None and {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())):
        from pytest_django.plugin import blocking_manager_key

        from qingfeng.proposals.models import Category

        with item.config.stash[blocking_manager_key].unblock():
            Category.add_defaults()
            # leave no connection open that the test's own teardown had closed (PostgreSQL cannot drop the test
            # database at the end while a session is still on it)
            connections.close_all()
    return result


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def campaign(world):
    """An active campaign over 清风县委 using a five-item checklist; phases around today."""
    return CampaignFactory(org=world.c, created_by=world.admin)


# --- Browser tests: Playwright driving Debian's chromium (never `playwright install`) ---

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent / "test-artifacts"


BROWSER_WAIT_MS = 20_000
# No smooth scrolling or sliding menus: Playwright clicks where an element was a moment ago, and a page still
# scrolling to a sticky button moved it away from the click (a submit that never happened, twice in four runs).
QUIET = {"locale": "zh-CN", "reduced_motion": "reduce"}


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by
    # test code around it are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import expect, sync_playwright

    # `make test` runs SQLite and PostgreSQL side by side on two cores: a page that answers in half a
    # second alone took over five (expect's default) there, so waits are for 20 s; a passing test never waits them.
    expect.set_options(timeout=BROWSER_WAIT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _watched_page(context, request):
    """A page whose console errors and Content-Security-Policy violations fail the test;
    a failed test leaves a screenshot."""
    page = context.new_page()
    page.set_default_timeout(BROWSER_WAIT_MS)
    errors, violations = [], []

    def on_console(message):
        if "Content Security Policy" in message.text:
            violations.append(f"{message.location.get('url')}: {message.text}")
        elif message.type == "error":
            errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{request.node.name}-{page.viewport_size['width']}.png", full_page=True)
    context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"
    assert not errors, f"console errors: {errors}"


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser page at desktop size."""
    context = browser.new_context(**QUIET, viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    yield from _watched_page(context, request)


@pytest.fixture
def second_page(browser, live_server, request):
    """Another person's desktop browser beside `page`, watched for console errors the same way."""
    context = browser.new_context(**QUIET, viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    yield from _watched_page(context, request)


@pytest.fixture
def phone(browser, live_server, request):
    """A fresh browser page on a 375-px-wide phone: members report from their phones."""
    context = browser.new_context(**QUIET, viewport={"width": 375, "height": 740}, base_url=live_server.url,
                                  is_mobile=True, has_touch=True)
    yield from _watched_page(context, request)


def fits_phone(page) -> bool:
    """Nothing sticks out sideways at 375 px."""
    return page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    # Uploads made by tests never land in the project's var/media.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def try_log_in(page, username, password):
    """Fill in and send the login form, whatever comes back."""
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def log_in(page, username, password=PASSWORD):
    try_log_in(page, username, password)
    # Wait for the next page itself: load_state alone can answer for the login page still showing.
    page.wait_for_url(lambda url: "/login/" not in url)
    page.wait_for_load_state()


def open_menu(page, text):
    """On a phone, open the collapsed navigation and follow one of its links, as a thumb would."""
    from playwright.sync_api import expect

    page.click(".navbar-toggler")
    # Bootstrap adds .show once the menu has finished sliding open; a click mid-slide can miss.
    expect(page.locator("#qf-nav")).to_have_class(re.compile(r"\bshow\b"))
    url = page.url
    page.locator("#qf-nav a", has_text=text).first.click()
    page.wait_for_url(lambda now: now != url)
    page.wait_for_load_state()
