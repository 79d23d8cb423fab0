"""A rate limit per client address, counted in the database (one atomic UPDATE), so every web worker and every
server behind the proxy shares it without a cache server.

django-ratelimit would do this with a cache, but only with memcached or Redis (its own system check refuses the
database and file caches, whose increments are not atomic); the embedded install has neither.
"""

import time

from django.db import IntegrityError, transaction
from django.db.models import F

from qingfeng.core.clients import client_address

from .models import Throttle

HOUR = 3600


def hit(request, what: str, limit: int, period: int = HOUR) -> bool:
    """Count one `what` from the request's address; False once the address is past `limit` in this period.

    A refused try is counted as well, so a flood stays refused until its window ends."""
    key = f"{what}:{client_address(request)}"[:200]
    window = int(time.time()) // period
    updated = Throttle.objects.filter(key=key, window=window).update(count=F("count") + 1)
    if not updated:
        try:
            with transaction.atomic():
                Throttle.objects.create(key=key, window=window, count=1)
        except IntegrityError:  # another worker made the row first
            Throttle.objects.filter(key=key, window=window).update(count=F("count") + 1)
    count = Throttle.objects.filter(key=key, window=window).values_list("count", flat=True).first() or 0
    return count <= limit


def forget_old(period: int = HOUR) -> int:
    """Drop the counters of windows that ended (the daily job)."""
    return Throttle.objects.filter(window__lt=int(time.time()) // period - 1).delete()[0]
