from types import SimpleNamespace

import pytest

from qingfeng.core import audit


@pytest.fixture
def audit_log(monkeypatch):
    """The account, role and password acts the test's requests recorded through core.audit.record (not the
    sign-ins core records itself); each call still goes through to the real one."""
    calls = []
    real = audit.record

    def record(action, **kwargs):
        if action.startswith(("account.", "role.", "password.")):
            calls.append(SimpleNamespace(action=action, **kwargs))
        return real(action, **kwargs)

    monkeypatch.setattr(audit, "record", record)
    return calls
