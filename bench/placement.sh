#!/usr/bin/env bash
# bench/placement.sh — the placer's pure function on a large simulated fleet: APPS apps (10,000)
# on WORKERS workers (100) in three zones; time and moves of a first full placement, of a
# re-plan with nothing changed (0 moves expected), of a re-plan after 5 workers went down and of
# the re-plan after that (0 moves), and with a tenth of the apps over their load target.
# Not a timed test: it runs the PlacementBenchmark suite (skipped unless HEARTH_BENCH=1) and
# prints its BENCH lines; each figure is the median of RUNS runs of the same plan.
#
# Environment: CONFIG=release|debug (default release), APPS=10000, WORKERS=100, RUNS=5;
# QUICK=1 compiles only Sources/HearthCore/Fleet (with Errors/HearthError.swift) and the benchmark's scenario with `swiftc -O`
# (a minute instead of a release build of the whole package; the same code and figures).
set -euo pipefail
cd "$(dirname "$0")/.."
export HEARTH_BENCH=1 HEARTH_BENCH_APPS="${APPS:-10000}" HEARTH_BENCH_WORKERS="${WORKERS:-100}" HEARTH_BENCH_RUNS="${RUNS:-5}"
if [ "${QUICK:-0}" = 1 ]; then
    TMP=$(mktemp -d)
    trap 'rm -rf "$TMP"' EXIT
    cat >"$TMP/main.swift" <<'SWIFT'
import Foundation
let environment = ProcessInfo.processInfo.environment
let figures = PlacementBenchmarkRun.run(
    apps: Int(environment["HEARTH_BENCH_APPS"] ?? "") ?? 10000,
    workers: Int(environment["HEARTH_BENCH_WORKERS"] ?? "") ?? 100,
    runs: Int(environment["HEARTH_BENCH_RUNS"] ?? "") ?? 5
)
if figures.unchangedMoves != 0 || figures.settledMoves != 0 { print("✘ a re-plan of an applied plan moved something"); exit(1) }
SWIFT
    # One module named HearthCore, so the scenario's `import HearthCore` is the module itself.
    swiftc -O -swift-version 6 -module-name HearthCore -suppress-warnings -o "$TMP/placement" \
        Sources/HearthCore/Fleet/*.swift Sources/HearthCore/Fleet/Internal/*.swift Sources/HearthCore/Errors/HearthError.swift Sources/HearthCore/Errors/String+Sentence.swift \
        Tests/HearthCoreTests/SimulatedFleet.swift Tests/HearthCoreTests/PlacementBenchmarkRun.swift "$TMP/main.swift"
    "$TMP/placement" | sed 's/^BENCH //'
    exit
fi
CONFIG=${CONFIG:-release}
# Tests use @testable imports, so a release build needs -enable-testing.
swift build -c "$CONFIG" --build-tests -Xswiftc -enable-testing >/dev/null
swift test -c "$CONFIG" -Xswiftc -enable-testing --skip-build --filter PlacementBenchmark 2>&1 |
    grep -E '^BENCH|✘|error' | sed 's/^BENCH //'
