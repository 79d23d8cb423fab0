"""Background jobs of the proposals, found by `manage.py run_huey` (djhuey imports each installed app's `tasks`)."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import challenge, ladder, services, throttle


# Daily in effect, as the ledger's ladder: the first run of a day (07:40, local time) takes the day's steps and the
# later hourly runs find nothing to do, unless the consumer was down at 07:40 or a deadline changed during the day.
# Each step happens once per deadline however often this runs.
@db_periodic_task(crontab(minute="40", hour="7-21"))
@lock_task("proposal-ladder")
def escalate_proposals():
    return ladder.run(timezone.localdate())


# Every night: replies left unrated for QF_PROPOSAL_RATING_DAYS are closed (as 未评价, or 满意 if configured).
@db_periodic_task(crontab(hour="2", minute="20"))
@lock_task("proposal-expire-unrated")
def close_unrated_replies():
    return services.expire_unrated(timezone.localdate())


# Every hour: the rate-limit counters of windows that ended and the spent proof-of-work challenges that expired
# (a flood leaves one counter per address and one row per solved challenge; neither is needed afterwards).
@db_periodic_task(crontab(minute="50"))
def forget_spent_counters():
    return {"throttles": throttle.forget_old(), "challenges": challenge.forget_spent()}
