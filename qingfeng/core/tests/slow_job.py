"""A test-only kind of job for a real consumer (test_consumer_stops.py): it writes its file slowly, a line
every tenth of a second for `params["steps"]` steps. The consumer's settings install this app."""

import time

from django.apps import AppConfig

KIND, LABEL = "slow_test", "测试用慢任务"


class SlowJobConfig(AppConfig):
    name = "qingfeng.core.tests"
    label = "core_tests"

    def ready(self):
        from qingfeng.core.jobs import register_kind

        register_kind(KIND, f"{__name__}.write_slowly", LABEL)


def write_slowly(job, progress):
    from qingfeng.core.jobs import JobResult, export_path

    name, full = export_path(job, ".txt")
    with full.open("w") as file:  # the file exists from the first step: the test waits for it
        for step in range(job.params["steps"]):
            file.write(f"{step}\n")
            file.flush()
            progress(step + 1)
            time.sleep(0.1)
    return JobResult(file=name, filename="slow.txt")
