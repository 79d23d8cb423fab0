#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster on loopback, then removes it.
# Usage: scripts/with-postgres.sh COMMAND... (QF_DATABASE_URL is set for the command)
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
tmp=$(mktemp -d /tmp/qingfeng-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# initdb refuses to run as root: run the cluster as the postgres user then.
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$tmp"
    as_pg=(runuser -u postgres --)
fi

stop() {
    "${as_pg[@]}" "$bindir/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap stop EXIT

"${as_pg[@]}" "$bindir/initdb" -D "$tmp/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null
export QF_DATABASE_URL="postgres://postgres@127.0.0.1:$port/qingfeng"
"$@"
