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


@pytest.fixture(scope="module")
def _demo_media(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with kept_for_the_module(django_db_blocker, media, _load):
        yield media


@pytest.fixture
def demo(_demo_media, db, settings):
    """The demo organization and campaign, loaded once per test module (each test in a savepoint of it)."""
    settings.MEDIA_ROOT = _demo_media
    return Campaign.objects.get(title=DEMO_CAMPAIGN_TITLE)
