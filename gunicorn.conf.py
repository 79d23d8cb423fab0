"""gunicorn's settings, one file for `scripts/serve.sh` (`make run`) and production:

    gunicorn -c gunicorn.conf.py qingfeng.wsgi

HOST and PORT (default 127.0.0.1:8000) give the address; WEB_CONCURRENCY the number of worker processes
(default 2); GUNICORN_CMD_ARGS overrides any setting, e.g. GUNICORN_CMD_ARGS="--workers 8".
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Threads let a worker serve other pages while one waits on the database or writes a download.
threads = 4
# A Word report or an export of up to QF_EXPORT_SYNC_MAX_ROWS rows is written within the request and may
# take longer than gunicorn's default of 30 s, after which the worker would be killed mid-file.
timeout = 120
accesslog = "-"  # stdout, so journald or the terminal keeps it beside the app's own log
