#!/usr/bin/env bash
# Smoke test of the one-binary deploy (CI, after scripts/build-release.sh): the release
# binary, started where no frontend/dist exists, with no DATABASE_URL and no AccessKey, must
# start its private PostgreSQL and the built-in emulator, serve the embedded browser app
# byte for byte, answer the API, and stop cleanly on SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
bin="$repo/target/release/cassadmin"
[ -x "$bin" ] || { echo "smoke: build it first: scripts/build-release.sh" >&2; exit 1; }

work="$(mktemp -d /tmp/cassadmin-smoke.XXXXXX)"
chmod 755 "$work"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
cd "$work"
env -u DATABASE_URL -u ALIBABA_CLOUD_ACCESS_KEY_ID -u CASSADMIN_FRONTEND_DIR \
  CASSADMIN_STATE_DIR="$work/state" CASSADMIN_LISTEN="127.0.0.1:$port" \
  CASSADMIN_ADMIN_PASSWORD='Smoke-Test-Passw0rd!' "$bin" serve >"$work/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$work/server.log" >&2; echo "smoke: server exited" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "$base/readyz" >/dev/null

check_same() { # path, file in frontend/dist
  curl -fsS "$base$1" -o "$work/got"
  cmp -s "$work/got" "$repo/frontend/dist/$2" || { echo "smoke: $1 differs from frontend/dist/$2" >&2; exit 1; }
}
check_same / index.html
check_same /clusters/cds-any index.html
check_same /frontend_bg.wasm frontend_bg.wasm
check_same /frontend.js frontend.js
type="$(curl -fsS -o /dev/null -w '%{content_type}' "$base/frontend_bg.wasm")"
[ "$type" = application/wasm ] || { echo "smoke: wasm served as $type" >&2; exit 1; }
curl -fsS "$base/api/v1/info" | grep -q '"sandbox":true' || { echo "smoke: /api/v1/info is not sandbox" >&2; exit 1; }
status="$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/nope")"
[ "$status" = 404 ] || { echo "smoke: unknown API path answered $status" >&2; exit 1; }

kill -TERM "$pid"
wait "$pid" || true
trap - EXIT
if pgrep -f "postgres -D $work/state" >/dev/null; then
  echo "smoke: the private PostgreSQL outlived the server" >&2; exit 1
fi
grep -q 'Smoke-Test-Passw0rd!' "$work/server.log" && { echo "smoke: the admin password reached the log" >&2; exit 1; }
rm -rf "$work"
echo "smoke: release binary serves the embedded app, the API and stops cleanly"
