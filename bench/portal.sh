#!/usr/bin/env bash
# bench/portal.sh — server time of the portal's apps list and monitor page on a SQLite store with
# 1,000 apps and 1,000,000 invocation-log rows (and their hourly statistics). Not in CI: it runs
# the PortalBenchmark suite (skipped unless HEARTH_BENCH=1), which seeds the store with
# bench/seed-portal.py on first use and prints p50/p99 per page, with /static/portal.css (the
# same router and middleware, no store) as the baseline row. Target: p99 ≤ 50 ms.
#
# Environment: CONFIG=release|debug (default release), REQUESTS=200 per page,
# DB=path (default .build/bench-portal/hearth.sqlite; kept, so later runs skip the seeding).
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG=${CONFIG:-release}
REQUESTS=${REQUESTS:-200}
DB=${DB:-.build/bench-portal/hearth.sqlite}
mkdir -p "$(dirname "$DB")"
# Tests use @testable imports, so a release build needs -enable-testing.
swift build -c "$CONFIG" --build-tests -Xswiftc -enable-testing >/dev/null
HEARTH_BENCH=1 HEARTH_BENCH_DB="$(realpath "$DB")" HEARTH_BENCH_SEEDER="$(realpath bench/seed-portal.py)" \
    HEARTH_BENCH_REQUESTS="$REQUESTS" \
    swift test -c "$CONFIG" -Xswiftc -enable-testing --skip-build --filter PortalBenchmark 2>&1 |
    grep -E '^(BENCH|seeded)' | sed 's/^BENCH //'
