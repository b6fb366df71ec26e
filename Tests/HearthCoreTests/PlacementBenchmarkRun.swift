import Foundation
import HearthCore

/// The placement benchmark's scenario on a ``SimulatedFleet``, printing `BENCH` lines. Run by the
/// gated ``PlacementBenchmark`` suite, and compiled alone with the Fleet sources by
/// `bench/placement.sh` when `QUICK=1` (so it imports nothing but HearthCore and Foundation).
enum PlacementBenchmarkRun {
    /// Moves of the plans that should ask for nothing.
    struct Figures {
        var unchangedMoves: Int
        var settledMoves: Int
    }

    static func line(_ name: String, _ figure: String) {
        print("BENCH \(name.padding(toLength: 44, withPad: " ", startingAt: 0)) \(figure)")
    }

    /// Plans `snapshot` `runs` times; returns the plan and the median time in milliseconds.
    static func timed(_ snapshot: FleetSnapshot, now: Date, runs: Int) -> (plan: PlacementPlan, milliseconds: Double) {
        let clock = ContinuousClock()
        var plan = PlacementPlan()
        var times: [Double] = []
        for _ in 0..<max(runs, 1) {
            let start = clock.now
            plan = Placement.plan(snapshot, now: now)
            let elapsed = clock.now - start
            times.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15)
        }
        return (plan, times.sorted()[times.count / 2])
    }

    static func report(_ name: String, _ result: (plan: PlacementPlan, milliseconds: Double)) {
        let missing = result.plan.unplaced.reduce(0) { $0 + $1.missing }
        line(name, String(format: "%7.1f ms  %6d moves  %d instances unplaced", result.milliseconds, result.plan.moves.count, missing))
    }

    /// The spread of used capacity over the ready workers: lowest and highest share in use.
    static func balance(_ plan: PlacementPlan, _ snapshot: FleetSnapshot) -> String {
        let shares = snapshot.workers.filter { $0.state == .ready }.map { Double(plan.usedMB[$0.name] ?? 0) / Double($0.capacityMB) }
        return String(format: "%.0f%% to %.0f%% of capacity in use", (shares.min() ?? 0) * 100, (shares.max() ?? 0) * 100)
    }

    /// First placement, a re-plan with nothing changed, 5 workers down and the re-plan after
    /// that, and a tenth of the apps over their target for the scale-out window.
    static func run(apps: Int, workers: Int, runs: Int) -> Figures {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        line("fleet", "\(apps) apps on \(workers) workers, median of \(runs) runs")
        var snapshot = SimulatedFleet.snapshot(apps: apps, workers: workers)

        let first = timed(snapshot, now: now, runs: runs)
        report("first placement", first)
        line("  balance", balance(first.plan, snapshot))
        snapshot = snapshot.applying(first.plan)

        let unchanged = timed(snapshot, now: now, runs: runs)
        report("re-plan, nothing changed", unchanged)

        for index in stride(from: 0, to: min(5 * 7, snapshot.workers.count), by: 7) { snapshot.workers[index].state = .down }
        let killed = timed(snapshot, now: now, runs: runs)
        report("re-plan after 5 workers down", killed)
        line("  balance", balance(killed.plan, snapshot))
        snapshot = snapshot.applying(killed.plan)
        let settled = timed(snapshot, now: now, runs: runs)
        report("re-plan after that", settled)

        let loaded = SimulatedFleet.load(snapshot, demandPerInstance: 40, appsEvery: 10, window: 60, now: now)
        report("re-plan, 10% of apps over target for 60 s", timed(loaded, now: now, runs: runs))
        return Figures(unchangedMoves: unchanged.plan.moves.count, settledMoves: settled.plan.moves.count)
    }
}
