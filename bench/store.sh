#!/usr/bin/env bash
# bench/store.sh — store operations per second on SQLite for the hot paths: key lookup, lease
# claim (and timer-occurrence claim), invocation log write. Not a timed test: it runs the
# StoreBenchmark suite (skipped unless HEARTH_BENCH=1) and prints its BENCH lines.
#
# Environment: CONFIG=release|debug (default release), HEARTH_BENCH_SECONDS=3 per measurement.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG=${CONFIG:-release}
# Tests use @testable imports, so a release build needs -enable-testing.
swift build -c "$CONFIG" --build-tests -Xswiftc -enable-testing >/dev/null
HEARTH_BENCH=1 swift test -c "$CONFIG" -Xswiftc -enable-testing --skip-build --filter StoreBenchmark 2>&1 | grep '^BENCH' | sed 's/^BENCH //'
