"""Background jobs of the reports, found by `manage.py run_huey`."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from qingfeng.orglife import counts as orglife_counts
from qingfeng.orgs import tallies

from . import compliance_ladder


# Every night: recount every kept figure from the records, repair any row that differed and log it (it should
# never find any: the counts are kept in the transaction of each change).
@db_periodic_task(crontab(hour="3", minute="20"))
@lock_task("recount-figures")
def recount_figures():
    return tallies.repair_and_report()


# Every morning: what each branch must hold this month, and the ladder for a month that ended non-compliant; each
# message once (a day the consumer was down is made up the next).
@db_periodic_task(crontab(hour="8", minute="5"))
@lock_task("organization-life-ladder")
def organization_life_ladder():
    return compliance_ladder.run()


# Every early morning: on the first days of a year, the kept 组织生活 figures of the new year are created for every
# branch and org (once: the job finds them there afterwards), so a year nothing happened in yet counts right.
@db_periodic_task(crontab(hour="0", minute="15"))
@lock_task("organization-life-year")
def open_organization_life_year():
    return orglife_counts.open_year()
