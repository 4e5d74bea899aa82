#!/usr/bin/env bash
# Starts (if not already running) a throwaway PostgreSQL for the test suite and prints its
# DATABASE_URL on stdout; progress goes to stderr. Tests create one database each
# (`#[sqlx::test]`), so one server serves every test run.
#
#   export DATABASE_URL="$(scripts/test-postgres.sh)"
#
# Settings (environment): PGTEST_DIR (default /tmp/pgtest), PGTEST_PORT (default 5433).
# Trust authentication on loopback and fsync=off: for tests only, never for real data.
set -euo pipefail

dir="${PGTEST_DIR:-/tmp/pgtest}"
port="${PGTEST_PORT:-5433}"
url="postgres://postgres@127.0.0.1:${port}/postgres"

bin_dir=""
if command -v pg_ctl >/dev/null 2>&1; then
    bin_dir="$(dirname "$(command -v pg_ctl)")"
else
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/pg_ctl" ] && bin_dir="$d"
    done
fi
if [ -z "$bin_dir" ]; then
    echo "test-postgres: no PostgreSQL binaries found; install them (apt-get install -y postgresql)" >&2
    exit 1
fi

# initdb and postgres refuse to run as root: run them as `postgres` when we are root.
as_pg=()
if [ "$(id -u)" = 0 ]; then
    as_pg=(runuser -u postgres --)
fi

mkdir -p "$dir"
if [ "$(id -u)" = 0 ]; then
    chown postgres: "$dir"
fi

if [ ! -f "$dir/data/PG_VERSION" ]; then
    echo "test-postgres: initdb in $dir/data" >&2
    "${as_pg[@]}" "$bin_dir/initdb" -D "$dir/data" --auth=trust -U postgres -E UTF8 \
        --no-sync >"$dir/initdb.log" 2>&1
fi

if "${as_pg[@]}" "$bin_dir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    echo "test-postgres: already running on port $port" >&2
else
    echo "test-postgres: starting on 127.0.0.1:$port" >&2
    "${as_pg[@]}" "$bin_dir/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -o \
        "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >&2
fi

echo "$url"
