#!/usr/bin/env bash
# The one command that runs the panel: `scripts/run.sh` (README).
#
# Builds the browser app (installing the wasm32 target, wasm-bindgen and wasm-opt if missing)
# and the server, then starts `cassadmin serve` with the embedded defaults: a private
# PostgreSQL from the installed binaries (state in ./.state) and the built-in emulator, unless
# DATABASE_URL / ALIBABA_CLOUD_ACCESS_KEY_ID are set. Extra arguments go to `cassadmin serve`.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build-frontend.sh --release
# The embedded PostgreSQL runs as `postgres` when we are root, so the state dir must not sit
# under a directory that user cannot enter (e.g. /root).
exec cargo run --release -p cassadmin -- serve "$@"
