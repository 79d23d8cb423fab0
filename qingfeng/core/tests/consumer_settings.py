"""Settings of the consumers test_consumer_stops.py starts: the project's, with the slow test job and a
heartbeat fast enough that a dead consumer's job is found silent within a second."""

from qingfeng.settings import *  # noqa: F403
from qingfeng.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "qingfeng.core.tests.slow_job.SlowJobConfig"]
JOB_HEARTBEAT_SECONDS = 0.2
