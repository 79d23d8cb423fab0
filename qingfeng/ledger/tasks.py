"""Background jobs of the ledger, found by `manage.py run_huey`."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from qingfeng.ledger.supervision import run_escalation


# Daily in effect: the first run of a day (07:30, local time) takes the day's steps and the
# later hourly runs find nothing to do, unless the consumer was down at 07:30 or a due date
# changed during the day. Each step happens once per deadline however often this runs.
@db_periodic_task(crontab(minute="30", hour="7-21"))
def escalate_rectifications():
    return run_escalation(timezone.localdate())
