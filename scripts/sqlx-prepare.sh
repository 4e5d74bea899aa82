#!/usr/bin/env bash
# Regenerates `.sqlx/` (the offline data of the `sqlx::query!` macros) from a scratch
# database migrated to `migrations/`; `--check` only verifies it is up to date (CI).
# Needs sqlx-cli: cargo install sqlx-cli --version 0.9.0 --locked --no-default-features --features postgres,rustls
set -euo pipefail
cd "$(dirname "$0")/.."

base="$(scripts/test-postgres.sh)"
export DATABASE_URL="${base%/*}/cassadmin_sqlx_prepare"
sqlx database drop -y >/dev/null 2>&1 || true
sqlx database create
sqlx migrate run --source migrations >/dev/null
# Only cassadmin uses the query macros; checking just it keeps other crates' state out of it
# (add packages here if they start using `sqlx::query!`).
cargo sqlx prepare --workspace "$@" -- -p cassadmin
sqlx database drop -y >/dev/null
