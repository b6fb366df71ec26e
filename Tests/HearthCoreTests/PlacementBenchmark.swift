import Foundation
import Testing

/// Placement of a large fleet, run by bench/placement.sh (HEARTH_BENCH=1), not a timed test
/// (skipped otherwise): `HEARTH_BENCH_APPS` apps (10,000) on `HEARTH_BENCH_WORKERS` workers (100),
/// each figure the median of `HEARTH_BENCH_RUNS` runs (5); see ``PlacementBenchmarkRun``.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["HEARTH_BENCH"] == "1", "placement benchmark: run bench/placement.sh"))
struct PlacementBenchmark {
    static let environment = ProcessInfo.processInfo.environment

    @Test func placesALargeFleet() {
        let figures = PlacementBenchmarkRun.run(
            apps: Int(Self.environment["HEARTH_BENCH_APPS"] ?? "") ?? 10000,
            workers: Int(Self.environment["HEARTH_BENCH_WORKERS"] ?? "") ?? 100,
            runs: Int(Self.environment["HEARTH_BENCH_RUNS"] ?? "") ?? 5
        )
        #expect(figures.unchangedMoves == 0)
        #expect(figures.settledMoves == 0)
    }
}
