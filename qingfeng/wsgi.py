"""The WSGI application (`gunicorn -c gunicorn.conf.py qingfeng.wsgi`).

Once the project is loaded, with its URL patterns and views, what it holds for the life of the process (modules,
classes, models, patterns: ~350,000 objects) is moved out of the garbage collector's reach (`gc.freeze`). Left in,
every full collection walks all of them: 70-120 ms, once every few dozen requests, on whichever page happens to be
rendering (measured on the 整改台账 list: docs/benchmarks.md, "Ledger list at region scale").
"""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qingfeng.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - imports every view now rather than on the first request
gc.collect()
gc.freeze()
