"""The demo's seven logins share a public password: `load_demo` refuses a real server unless forced."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from qingfeng.orgs.models import Org


def test_it_refuses_on_a_real_server(db, settings):
    settings.REAL_SERVER = True
    with pytest.raises(CommandError, match="生产环境.*--force[\\s\\S]*Refusing to load the demo in production"):
        call_command("load_demo")
    assert not Org.objects.exists() and not get_user_model().objects.exists()


def test_forced_it_loads_on_a_real_server(db, settings, monkeypatch):
    settings.REAL_SERVER = True
    # The campaign part takes most of twenty seconds and is loaded by the other demo tests.
    monkeypatch.setattr("qingfeng.demo.management.commands.load_demo.load_campaign_demo", lambda stdout: True)
    monkeypatch.setattr("qingfeng.demo.management.commands.load_demo.load_proposals_demo", lambda stdout: True)
    call_command("load_demo", "--force", stdout=StringIO())
    assert get_user_model().objects.filter(username="zuzhibu").exists()
