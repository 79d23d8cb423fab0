"""Test helpers shared by the apps."""

import json
from contextlib import contextmanager
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

QUERY_COUNTS = Path(__file__).resolve().parent / "tests" / "query_counts.json"


@contextmanager
def pinned_queries(name: str):
    """Fail unless the block makes exactly the number of queries pinned for `name`.

    The pins live in a checked-in file so a change in cost shows in review; an N+1
    regression fails here instead of reaching users.
    """
    pins = json.loads(QUERY_COUNTS.read_text())
    assert name in pins, f"no query count pinned for {name!r} in {QUERY_COUNTS}"
    with CaptureQueriesContext(connection) as ctx:
        yield ctx
    made = len(ctx.captured_queries)
    listing = "\n".join(q["sql"][:2000] for q in ctx.captured_queries)
    assert made == pins[name], f"{name}: {made} queries, pinned {pins[name]}\n{listing}"
