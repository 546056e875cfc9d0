#!/usr/bin/env bash
# pg_bin.sh: prints the bin directory of the installed PostgreSQL server (the newest major
# under /usr/lib/postgresql when several are installed), or fails. PG_BIN, when set, wins.
# Debian 12 ships PostgreSQL 15 and Debian 13 PostgreSQL 17: nothing here names a version.
set -euo pipefail
if [ -n "${PG_BIN:-}" ]; then
    echo "$PG_BIN"
    exit 0
fi
found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | while read -r d; do
    [ -x "$d/initdb" ] && echo "$d"
done | tail -n 1)
[ -n "$found" ] || {
    echo "pg_bin.sh: no PostgreSQL server under /usr/lib/postgresql: install the Debian package postgresql" >&2
    exit 1
}
echo "$found"
