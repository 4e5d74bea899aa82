#!/usr/bin/env bash
# The release build, exactly as the Dockerfile runs it (CI runs it too, since no Docker engine
# runs here): the size-optimised browser app into frontend/dist, then the server binary with
# the committed offline sqlx data (no database needed) and the app embedded in it.
#   scripts/build-release.sh frontend   only the browser app
#   scripts/build-release.sh server     only the server
#   scripts/build-release.sh            both
set -euo pipefail
cd "$(dirname "$0")/.."

what="${1:-all}"
if [ "$what" = all ] || [ "$what" = frontend ]; then
  scripts/build-frontend.sh --release
fi
if [ "$what" = all ] || [ "$what" = server ]; then
  # The browser app is baked into the binary (feature embed-frontend; needs frontend/dist).
  SQLX_OFFLINE=true cargo build --release --locked -p cassadmin --bin cassadmin \
    --features embed-frontend
fi
