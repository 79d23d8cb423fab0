import pytest

from qingfeng.core import jobs
from qingfeng.core.tests import job_kinds as kinds


@pytest.fixture
def job_kinds(monkeypatch):
    """The test kinds of job (core/tests/job_kinds.py), registered as an app would."""
    for kind, function, label in kinds.KINDS:
        monkeypatch.setitem(jobs.KINDS, kind, jobs.Kind(f"{kinds.__name__}.{function}", label))


@pytest.fixture
def huey_immediate():
    from huey.contrib.djhuey import HUEY

    was, HUEY.immediate = HUEY.immediate, True
    yield HUEY
    HUEY.immediate = was
