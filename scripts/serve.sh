#!/usr/bin/env bash
# Serves QingFeng: gunicorn for the web, a huey consumer for background jobs (reminders,
# overdue escalation). When either stops, or on Ctrl-C / SIGTERM, both stop.
# Usage: HOST=127.0.0.1 PORT=8000 scripts/serve.sh   (run from the project root)
set -uo pipefail
bin=${BIN:-.venv/bin}
# Tasks go through the queue to the consumer, never run inside a web request.
export QF_HUEY_IMMEDIATE=0

pids=()
stop() {
    trap - INT TERM EXIT
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
    wait
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

"$bin/python" manage.py run_huey &
pids+=($!)
# Address (HOST, PORT), workers, threads, timeout and access log: gunicorn.conf.py, as in production.
"$bin/gunicorn" -c gunicorn.conf.py qingfeng.wsgi &
pids+=($!)

# Whichever ends first (a crash, a signal) ends the other.
wait -n
status=$?
stop
exit "$status"
