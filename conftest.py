"""The small world every test starts from (healthchecks-style BaseTestCase, as fixtures).

    committee C (清风县委)
    ├── general branch G (教育局党总支)
    │   ├── branch A (一中党支部) ── group A1
    │   └── branch B (二中党支部)
    Users: admin (org admin of C), sec_a / sec_b (secretaries of A / B),
    leader (leader of C), inspector (of C), discipline (of C), alice (member of A, own login).
"""

import datetime
import functools
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from qingfeng.orgs.models import Member, Org, Role

PASSWORD = "correct-horse-battery-staple"


def make_member(org, name, **fields):
    defaults = dict(
        gender=Member.Gender.FEMALE,
        birth_date=datetime.date(1985, 5, 1),
        join_date=datetime.date(2010, 7, 1),
        phone="13812345678",
    )
    defaults.update(fields)
    return Member.objects.create(org=org, name=name, **defaults)


@functools.cache
def password_hash() -> str:
    # Argon2 is slow on purpose; hash the shared test password once per run.
    return make_password(PASSWORD)


def make_user(username, role=None, org=None):
    user = get_user_model().objects.create(username=username, password=password_hash())
    if role:
        Role.objects.create(user=user, org=org, kind=role)
    return user


@pytest.fixture
def world(db):
    K = Org.Kind
    c = Org.create(None, code="C", name="清风县委", kind=K.COMMITTEE)
    g = Org.create(c, code="G", name="教育局党总支", kind=K.GENERAL_BRANCH)
    a = Org.create(g, code="A", name="一中党支部", kind=K.BRANCH)
    a1 = Org.create(a, code="A1", name="一中第一党小组", kind=K.GROUP)
    b = Org.create(g, code="B", name="二中党支部", kind=K.BRANCH)
    R = Role.Kind
    w = SimpleNamespace(
        c=Org.objects.get(pk=c.pk), g=Org.objects.get(pk=g.pk), a=Org.objects.get(pk=a.pk),
        a1=Org.objects.get(pk=a1.pk), b=Org.objects.get(pk=b.pk),
        admin=make_user("admin", R.ORG_ADMIN, c),
        sec_a=make_user("sec_a", R.SECRETARY, a),
        sec_b=make_user("sec_b", R.SECRETARY, b),
        leader=make_user("leader", R.LEADER, c),
        inspector=make_user("inspector", R.INSPECTOR, c),
        discipline=make_user("discipline", R.DISCIPLINE, c),
        alice_user=make_user("alice", R.MEMBER, a),
    )
    w.alice = make_member(a, "张丽", group=a1, user=w.alice_user)
    w.bob = make_member(a, "王强", gender=Member.Gender.MALE, birth_date=datetime.date(1990, 3, 9))
    w.carol = make_member(b, "李梅", birth_date=datetime.date(1979, 11, 30))
    return w


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login



# --- Campaign world: an active campaign over the committee, with a small checklist ---


def make_checklist(code="test-list"):
    from qingfeng.campaigns.models import Checklist

    checklist = Checklist.objects.create(code=code, title="测试问题清单", is_example=True)
    for c, (title, items) in enumerate([
        ("理想信念方面", ["学习不深入", "信念不坚定"]),
        ("工作作风方面", ["形式主义", "官僚主义", "脱离群众"]),
    ], start=1):
        category = checklist.categories.create(code=str(c), title=title, order=c)
        for i, text in enumerate(items, start=1):
            category.items.create(code=f"{c}.{i}", text=text, order=i)
    return checklist


@pytest.fixture
def campaign(world):
    """An active campaign over 清风县委 using a five-item checklist; phases around today."""
    from django.utils import timezone

    from qingfeng.campaigns.models import Campaign, KeyTask, Phase

    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    c = Campaign.objects.create(
        org=world.c, title="作风专项整治", kind=Campaign.Kind.SPECIAL, status=Campaign.Status.ACTIVE,
        checklist=make_checklist(), commitment_text="我承诺：严守纪律，不搞特殊。",
        remind_days_before=3, escalate_after_days=7, created_by=world.admin,
    )
    for kind, start, end in [("study", -30, -10), ("inspect", -9, 0), ("rectify", 1, 60), ("review", 61, 90)]:
        Phase.objects.create(campaign=c, kind=kind, start=today + start * day, end=today + end * day)
    KeyTask.objects.create(campaign=c, title="开展集中学习", required=True)
    return c


def make_problem(campaign, member, source="self", **fields):
    from qingfeng.ledger.models import Problem

    defaults = dict(description="学习不深入", dimension="政治素质", created_by=campaign.created_by)
    defaults.update(fields)
    return Problem.objects.create(campaign=campaign, org=member.org, member=member, source=source, **defaults)


def make_rectification(problem, owner=None, due_in_days=30, **fields):
    from django.utils import timezone

    from qingfeng.ledger.models import Rectification

    defaults = dict(measure="制定学习计划并落实", kind=Rectification.Kind.DEADLINE, created_by=problem.created_by)
    defaults.update(fields)
    return Rectification.objects.create(
        problem=problem, org=problem.org, owner=owner or problem.member,
        due_date=timezone.localdate() + datetime.timedelta(days=due_in_days), **defaults)

# --- Browser tests: Playwright driving Debian's chromium (never `playwright install`) ---

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by
    # test code around it are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _watched_page(context, request):
    """A page whose console errors and Content-Security-Policy violations fail the test;
    a failed test leaves a screenshot."""
    page = context.new_page()
    page.set_default_timeout(10_000)
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
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900},
                                  base_url=live_server.url)
    yield from _watched_page(context, request)


@pytest.fixture
def second_page(browser, live_server, request):
    """Another person's desktop browser beside `page`, watched for console errors the same way."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900},
                                  base_url=live_server.url)
    yield from _watched_page(context, request)


@pytest.fixture
def phone(browser, live_server, request):
    """A fresh browser page on a 375-px-wide phone: members report from their phones."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, base_url=live_server.url,
                                  locale="zh-CN", is_mobile=True, has_touch=True)
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


def log_in(page, username, password=PASSWORD):
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
