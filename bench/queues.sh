#!/usr/bin/env bash
# bench/queues.sh — queue throughput on SQLite: the store's own put + get + delete rate (the
# ceiling), a queue of HEARTH_BENCH_MESSAGES drained by a worker whose function is the compiled
# custom handler bench/handler/handler.c, and put-to-invocation latency p50/p99 at half that rate.
# Not a timed test: it runs the QueueBenchmark suite (skipped unless HEARTH_BENCH=1) and prints
# its BENCH lines. The store is opened as `hearth serve` opens it (WAL, synchronous = NORMAL: a
# put acknowledged survives kill -9 of every Hearth process; power loss needs FULL).
#
# Environment: CONFIG=release|debug (default release), MESSAGES=20000, SECONDS_PACED=10,
# SANDBOX=1 to run the handler in the bubblewrap sandbox as in production (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG=${CONFIG:-release}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cc -O2 -o "$TMP/handler" bench/handler/handler.c -lpthread
# Tests use @testable imports, so a release build needs -enable-testing.
swift build -c "$CONFIG" --build-tests -Xswiftc -enable-testing >/dev/null
HEARTH_BENCH=1 HEARTH_BENCH_HANDLER="$TMP/handler" HEARTH_BENCH_MESSAGES="${MESSAGES:-20000}" \
    HEARTH_BENCH_SECONDS="${SECONDS_PACED:-10}" HEARTH_BENCH_SANDBOX="${SANDBOX:-1}" \
    swift test -c "$CONFIG" -Xswiftc -enable-testing --skip-build --filter QueueBenchmark 2>&1 |
    grep -E '^BENCH|✘|error' | sed 's/^BENCH //'
