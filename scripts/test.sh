#!/usr/bin/env bash
# `npm test`: typecheck, lint, unit + integration suites (on each database in HEARTH_TEST_DB),
# then the browser scenarios in Debian's Chromium against the real server, then (when the list
# includes sqlite) the call scenarios in a loopback-only network namespace (scripts/test-calls.sh,
# needs root).
#
# HEARTH_TEST_DB: comma-separated, from sqlite,postgres. Unset: sqlite, plus postgres when the
# server at TEST_POSTGRES_URL answers (with CI=true postgres is required: a missing server fails).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test: installing Debian's chromium for the browser scenarios"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "test: Debian's chromium is required for the browser scenarios (apt-get install chromium)" >&2
    exit 1
  fi
fi

PG_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
if [ -z "${HEARTH_TEST_DB:-}" ]; then
  if [ "${CI:-}" = "true" ] || node -e "const c=new (require('pg').Client)({connectionString:process.argv[1],connectionTimeoutMillis:2000});c.connect().then(()=>c.end()).then(()=>process.exit(0),()=>process.exit(1))" "$PG_URL"; then
    export HEARTH_TEST_DB=sqlite,postgres
  else
    echo "test: WARNING: PostgreSQL at $PG_URL is not reachable; running on SQLite only (CI runs both)" >&2
    export HEARTH_TEST_DB=sqlite
  fi
fi
echo "test: databases: $HEARTH_TEST_DB"
tag="${HEARTH_TEST_DB//,/-}"

# HEARTH_TEST_PARTS: which parts to run, comma-separated from static (typecheck, lint), unit,
# e2e (browser scenarios), calls (real-media call scenarios); default all. .ci/run runs the parts
# in phases: the unit suites of both databases side by side (they leave the cores half idle), the
# browser parts one database at a time (they keep both cores busy).
# HEARTH_TEST_STATIC=skip: the same as leaving out static.
parts=",${HEARTH_TEST_PARTS:-static,unit,e2e,calls},"
[ "${HEARTH_TEST_STATIC:-}" != "skip" ] || parts="${parts/,static,/,}"
has() { [[ "$parts" == *",$1,"* ]]; }

if has static; then
  echo "test: typecheck"
  npm run -s typecheck
  echo "test: lint"
  npm run -s lint
fi

# HEARTH_TEST_UNIT=database: only the suites that run once per database (those that call
# testDialects()), for a pass on a database another pass already ran every suite beside (.ci/run's
# PostgreSQL pass): the rest (pure logic, the SPA's models, fixed-SQLite checks) would only repeat.
if has unit; then
  files=()
  if [ "${HEARTH_TEST_UNIT:-all}" = database ]; then
    mapfile -t files < <(grep -rlE --include='*.test.ts' 'testDialects\(' src scripts | sort)
    [ ${#files[@]} -gt 0 ] || { echo "test: HEARTH_TEST_UNIT=database found no suite calling testDialects()" >&2; exit 1; }
    echo "test: unit and integration suites that run per database (${#files[@]} files)"
  else
    echo "test: unit and integration suites"
  fi
  npx vitest run "${files[@]}" --reporter=default --reporter=json --outputFile.json=".tmp/vitest-unit-$tag.json"
fi

if has e2e; then
  echo "test: browser scenarios (Debian Chromium)"
  # HEARTH_WEB_BUILT=1: the caller built dist/web already (.ci/run builds once for both passes).
  # The client path's budget is checked after the build (.ci/run checks it after its own).
  [ "${HEARTH_WEB_BUILT:-}" = 1 ] || { npx vite build --logLevel warn && npx tsx scripts/bundle-budget.ts; }
  # Once, on the default database (SQLite when it is in the list): the scenarios drive the same
  # server code whose queries the unit suites run on every database. HEARTH_E2E_DB picks another.
  db="${HEARTH_E2E_DB:-}"
  if [ -z "$db" ]; then
    if [[ ",$HEARTH_TEST_DB," == *",sqlite,"* ]]; then db=sqlite; else db="${HEARTH_TEST_DB%%,*}"; fi
  fi
  echo "test: browser scenarios on $db"
  E2E_DB="$db" npx vitest run --config vitest.e2e.config.ts --reporter=default --reporter=json --outputFile.json=".tmp/vitest-e2e-$db.json"
fi

# Once per invocation, and only when sqlite is in the list: the namespace reaches no PostgreSQL, so
# the call scenarios run on SQLite whatever the list says (.ci/run's PostgreSQL pass skips them).
if has calls && [[ ",$HEARTH_TEST_DB," == *",sqlite,"* ]]; then
  echo "test: call scenarios (real WebRTC, loopback-only network namespace)"
  bash scripts/test-calls.sh
fi
