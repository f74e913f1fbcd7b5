#!/usr/bin/env bash
# The call scenarios (vitest.calls.config.ts: e2e/calls/**/*.e2e.ts, and the pages timed on an
# emulated weak cell, scripts/lib/timed-scenarios.ts): real WebRTC between Debian
# Chromiums, run inside a new network namespace whose only interface is loopback, so no test
# traffic can reach any other address and nftables rules (the UDP cut) touch only the namespace.
# The network profiles (e2e/fixtures/profiles.ts) shape lo with tc and nftables there too.
# Needs root (unshare -n). Writes .tmp/vitest-calls.json. Extra arguments go to vitest.
# Inside the namespace the machine's PostgreSQL and Redis are unreachable: scenarios use SQLite
# (and start their own redis-server in the namespace if they need one).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp

if [ "$(id -u)" != 0 ]; then
  echo "test-calls: must run as root: the scenarios run in a network namespace (unshare -n)" >&2
  exit 1
fi
if ! command -v unshare >/dev/null 2>&1 || ! command -v ip >/dev/null 2>&1 || ! command -v tc >/dev/null 2>&1; then
  echo "test-calls: unshare (util-linux), ip and tc (iproute2) are required" >&2
  exit 1
fi
if ! unshare -n true 2>/dev/null; then
  echo "test-calls: unshare -n failed: this machine does not allow new network namespaces here" >&2
  exit 1
fi

# E2E_DB=sqlite: whatever the caller set, the namespace has no PostgreSQL.
exec unshare -n env E2E_DB=sqlite sh -c 'ip link set lo up && exec npx vitest run --config vitest.calls.config.ts --reporter=default --reporter=json --outputFile.json=.tmp/vitest-calls.json "$@"' test-calls "$@"
