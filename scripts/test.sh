#!/usr/bin/env bash
# The one command that runs every test: `scripts/test.sh` (README, .ci/run).
#
# Starts what the tests need and nothing global: a private PostgreSQL (scripts/test-postgres.sh),
# a Python virtualenv with the official Alibaba Cloud SDKs (scripts/sdk-venv.sh), then the
# whole workspace under cargo-nextest, the offline-sqlx build check and the wasm32 check of
# `shared`. Extra arguments go to nextest (e.g. `scripts/test.sh -E 'test(signature)'`).
set -euo pipefail
cd "$(dirname "$0")/.."

DATABASE_URL="$(scripts/test-postgres.sh)"
export DATABASE_URL
export CASSADMIN_SDK_PYTHON="$(scripts/sdk-venv.sh)"

# The query macros read the committed `.sqlx/` data, never the test database.
export SQLX_OFFLINE=true

echo "== build without a database (committed .sqlx data)"
cargo build --workspace --all-targets --quiet

echo "== committed .sqlx data matches the queries and migrations"
scripts/sqlx-prepare.sh --check

echo "== shared compiles for the browser"
cargo check -p shared --target wasm32-unknown-unknown --quiet

echo "== tests"
cargo nextest run --workspace --no-fail-fast "$@"
