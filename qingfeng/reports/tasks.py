"""Background jobs of the reports, found by `manage.py run_huey`."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import compliance_ladder
from .snapshots import refresh


# Every ten minutes: the dashboards of large subtrees are at most that old (the page says when).
@db_periodic_task(crontab(minute="*/10"))
@lock_task("refresh-figure-snapshots")  # a slow run is not overtaken by the next one
def refresh_figure_snapshots():
    return refresh()


# Every morning: what each branch must hold this month, and the ladder for a month that ended non-compliant; each
# message once (a day the consumer was down is made up the next).
@db_periodic_task(crontab(hour="8", minute="5"))
@lock_task("organization-life-ladder")
def organization_life_ladder():
    return compliance_ladder.run()
