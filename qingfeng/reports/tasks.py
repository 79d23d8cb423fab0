"""Background jobs of the reports, found by `manage.py run_huey`."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from .snapshots import refresh


# Every ten minutes: the dashboards of large subtrees are at most that old (the page says when).
@db_periodic_task(crontab(minute="*/10"))
@lock_task("refresh-figure-snapshots")  # a slow run is not overtaken by the next one
def refresh_figure_snapshots():
    return refresh()
