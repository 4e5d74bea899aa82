#!/usr/bin/env bash
# Creates (once) a virtualenv holding the official Python SDKs the tests use as independent
# clients of the emulator, and prints the path of its python. Pinned to the versions the
# protocol notes were measured with.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${CASSADMIN_SDK_VENV:-$PWD/target/sdk-venv}"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import aliyunsdkcassandra, alibabacloud_cassandra20190101' 2>/dev/null; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    aliyun-python-sdk-core==2.16.1 aliyun-python-sdk-cassandra==1.0.7 \
    alibabacloud-cassandra20190101==1.0.0 >&2
fi
echo "$venv/bin/python"
