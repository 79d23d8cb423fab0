"""The demo, loaded once for every module of this folder (the tests that read it), not once per module: each load
costs half a minute on SQLite and more on PostgreSQL. Each test still runs in a savepoint of it (`demo` depends on
pytest-django's `db`), so what one test writes is gone before the next, in any module. Tests that load the demo
themselves, or need a database without it, live one folder up."""

import pytest

from qingfeng.campaigns.models import Campaign
from qingfeng.demo.campaign import DEMO_CAMPAIGN_TITLE, load_campaign_demo
from qingfeng.demo.orglife import load_orglife_demo
from qingfeng.demo.orgs import load_demo
from qingfeng.demo.proposals import load_proposals_demo
from qingfeng.tests.site import kept_for_the_module


def _load():
    load_demo()
    assert load_campaign_demo() is True
    assert load_orglife_demo() is True
    assert load_proposals_demo() is True


@pytest.fixture(scope="package")
def _demo_media(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with kept_for_the_module(django_db_blocker, media, _load):
        yield media


@pytest.fixture
def demo(_demo_media, db, settings):
    """The demo organization and campaign, loaded once for this folder (each test in a savepoint of it)."""
    settings.MEDIA_ROOT = _demo_media
    return Campaign.objects.get(title=DEMO_CAMPAIGN_TITLE)
