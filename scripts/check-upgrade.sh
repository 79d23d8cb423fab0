#!/usr/bin/env bash
# Upgrade check: build a database with the previous release (scripts/previous-release: a commit),
# load its demo, migrate it with this code, and compare every table's row count and sample rows.
# Runs on SQLite, or on PostgreSQL under scripts/with-postgres.sh (QF_DATABASE_URL set).
# Usage: scripts/check-upgrade.sh [PYTHON]   (default .venv/bin/python)
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)
python=${1:-.venv/bin/python}
case "$python" in /*) ;; *) python="$here/$python" ;; esac  # absolute, but not resolved: a venv's python is a symlink
previous=$(cat scripts/previous-release)
if ! git cat-file -e "$previous^{commit}" 2>/dev/null; then
    echo "upgrade check: the previous release $previous is not in this clone's history" >&2
    exit 1
fi
work=$(mktemp -d /tmp/qingfeng-upgrade.XXXXXX)
cleanup() { git worktree remove --force "$work/previous" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
git worktree add --quiet --detach "$work/previous" "$previous"

# QF_DEMO=1: the demo loads without --force once the previous release refuses it on a real server.
export QF_DATA_DIR="$work/data" QF_DEBUG=0 QF_DEMO=1 QF_HUEY_IMMEDIATE=1
mkdir -p "$QF_DATA_DIR"
if [ -n "${QF_DATABASE_URL:-}" ]; then
    "$python" - <<'PY'
import os, psycopg
base, _, name = os.environ["QF_DATABASE_URL"].rpartition("/")
with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
    connection.execute(f'CREATE DATABASE "{name}"')
PY
fi
engine=SQLite; [ -n "${QF_DATABASE_URL:-}" ] && engine=PostgreSQL
echo "== upgrade check on $engine: the previous release ${previous:0:10}, its demo loaded, migrated to this code =="
(cd "$work/previous" && PYTHONPATH="$work/previous" "$python" manage.py migrate --noinput -v 0 \
    && PYTHONPATH="$work/previous" "$python" manage.py load_demo >/dev/null)
"$python" scripts/table_snapshot.py dump "$work/before.json"
"$python" manage.py migrate --noinput -v 0
"$python" scripts/table_snapshot.py dump "$work/after.json"
"$python" manage.py makemigrations --check --dry-run >/dev/null
"$python" scripts/table_snapshot.py compare "$work/before.json" "$work/after.json"
# The counts kept per org are made by the migration that adds their table (orgs.figures.count_after_upgrade):
# a recount right after the upgrade must find nothing to repair.
recount=$("$python" manage.py recount_figures | tail -n 1)
case "$recount" in
    *"修正 0 行"*) echo "kept figures after the upgrade: $recount" ;;
    *) echo "upgrade check: the kept figures were not right after the upgrade: $recount" >&2; exit 1 ;;
esac
