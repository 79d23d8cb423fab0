"""The daily jobs: unrated replies closed after the configured days, and the jobs the consumer runs."""

import datetime

import pytest
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from freezegun import freeze_time
from huey.contrib.djhuey import HUEY

from qingfeng.proposals import services, tasks
from qingfeng.proposals.models import Proposal, ProposalNotice, SpentChallenge, Throttle

from .factories import replied

S = Proposal.Status
REPLIED_ON = datetime.date(2026, 4, 1)


@pytest.fixture
def reply(world):
    with freeze_time("2026-04-01 10:00"):
        return replied(world)[0]


def after(days: int) -> datetime.date:
    return REPLIED_ON + datetime.timedelta(days=days)


def test_a_reply_left_unrated_is_closed_as_unrated_after_the_configured_days(reply, settings):
    settings.PROPOSAL_RATING_DAYS = 15
    assert services.expire_unrated(after(15)) == 0  # the 15th day is still the submitter's
    reply.refresh_from_db()
    assert reply.status == S.REPLIED
    with freeze_time("2026-04-17 02:20"):
        assert services.expire_unrated(after(16)) == 1
    reply.refresh_from_db()
    assert (reply.status, reply.rating, reply.rated_at) == (S.CLOSED, "", None)
    assert reply.closed_at.date() == after(16)
    assert reply.history.first().history_change_reason  # closed through the workflow, which says why


def test_the_number_of_days_is_the_settings(reply, settings):
    settings.PROPOSAL_RATING_DAYS = 5
    assert services.expire_unrated(after(5)) == 0
    assert services.expire_unrated(after(6)) == 1


def test_a_rated_reply_is_not_touched(reply):
    services.rate(reply.submitted_by or services.CodeHolder(reply.pk), reply, "satisfied")
    assert services.expire_unrated(after(100)) == 0
    reply.refresh_from_db()
    assert reply.rating == "satisfied"


def test_the_consumer_finds_the_jobs():
    autodiscover_modules("tasks")  # what `manage.py run_huey` does
    names = {task.__name__ for task in HUEY._registry._periodic_tasks}
    assert {"escalate_proposals", "close_unrated_replies", "forget_spent_counters"} <= names


def test_the_daily_jobs_run(reply, world):
    Throttle.objects.create(key="submit:192.0.2.1", window=1, count=9)  # a window long ended
    SpentChallenge.objects.create(digest="x" * 64, expires=timezone.now() - datetime.timedelta(minutes=1))
    proposal, _code = replied(world)  # replied today: not for closing
    with freeze_time(after(100)):
        assert tasks.close_unrated_replies.call_local() == 1
    assert tasks.forget_spent_counters.call_local() == {"throttles": 1, "challenges": 1}
    reply.refresh_from_db()
    assert reply.status == S.CLOSED
    ladder = tasks.escalate_proposals.call_local()
    assert set(ladder) == {"remind", "urge", "supervise", "talk", "notifications"}
    assert not ProposalNotice.objects.filter(assignment__proposal=proposal).exists()  # its part is done
