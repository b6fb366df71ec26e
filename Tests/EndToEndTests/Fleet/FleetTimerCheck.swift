import Foundation
import GRDB

/// Whether a timer ran once per occurrence: the occurrences workers claimed in the store
/// (`timer_occurrences`, one row per occurrence by its primary key) matched against the runs the
/// invocation log lists (`GET /api/apps/{app}/invocations?function=…`).
///
/// The log gives a run's start to the second, its worker and its status; each claim of a worker
/// takes that worker's next run that started at or after it (within 5 s). Over the checked window
/// every second must have been claimed, every claim must have its run, and no run may be left
/// without a claim (a second run of an occurrence, or a worker that ran one without claiming it).
struct FleetTimerCheck {
    struct Claim {
        var occurrence: Int  // Unix seconds
        var worker: String
    }

    struct Run {
        var started: Int  // Unix seconds
        var worker: String
        var status: String
    }

    var missingClaims: [Int] = []
    var claimsWithoutRun: [Claim] = []
    var runsWithoutClaim: [Run] = []
    var runsNotSucceeded: [Run] = []
    var checked = 0

    var isExactlyOnce: Bool {
        missingClaims.isEmpty && claimsWithoutRun.isEmpty && runsWithoutClaim.isEmpty
    }

    /// - Parameter window: The whole seconds checked (both ends included).
    init(claims: [Claim], runs: [Run], window: ClosedRange<Int>) {
        var runsOf: [Int: [Run]] = [:]
        let claimsOf = Dictionary(grouping: claims, by: \.worker)
        let runsByWorker = Dictionary(grouping: runs, by: \.worker)
        // Per worker, in time order: each claim takes the next run that started at or after it.
        // A run before the next claim of its worker (a second run of one occurrence, or one never
        // claimed) is left without a claim.
        for worker in Set(claimsOf.keys).union(runsByWorker.keys) {
            let own = (claimsOf[worker] ?? []).sorted { $0.occurrence < $1.occurrence }
            let started = (runsByWorker[worker] ?? []).sorted { $0.started < $1.started }
            var next = 0
            for claim in own {
                while next < started.count, started[next].started < claim.occurrence {
                    if window.contains(started[next].started) { runsWithoutClaim.append(started[next]) }
                    next += 1
                }
                if next < started.count, started[next].started - claim.occurrence <= 5 {
                    runsOf[claim.occurrence, default: []].append(started[next])
                    next += 1
                }
            }
            for run in started[next...] where window.contains(run.started) { runsWithoutClaim.append(run) }
        }
        let claimed = Dictionary(claims.map { ($0.occurrence, $0) }) { first, _ in first }
        for second in window {
            checked += 1
            guard let claim = claimed[second] else {
                missingClaims.append(second)
                continue
            }
            let matched = runsOf[second] ?? []
            if matched.isEmpty { claimsWithoutRun.append(claim) }
            runsNotSucceeded += matched.filter { $0.status != "succeeded" }
        }
    }

    var summary: String {
        "\(checked) occurrences checked; unclaimed \(missingClaims), claimed but not run \(claimsWithoutRun.map(\.occurrence)), "
            + "runs without a claim (a second run, or one never claimed) \(runsWithoutClaim.map(\.started)), "
            + "runs not succeeded \(runsNotSucceeded.map { "\($0.started) \($0.status) on \($0.worker)" })"
    }

    /// The claims of `function` of the app `appID`, read from the SQLite store.
    static func claims(store path: String, appID: String, function: String) throws -> [Claim] {
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(5)
        let database = try DatabaseQueue(path: path, configuration: configuration)
        return try database.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT occurrence, claimed_by FROM timer_occurrences WHERE lower(app_id) = lower(?) AND function_name = ?",
                arguments: [appID, function.lowercased()]
            ).map { row in
                let milliseconds: Int64 = row["occurrence"]
                return Claim(occurrence: Int(milliseconds / 1000), worker: row["claimed_by"])
            }
        }
    }

    /// The timer runs among invocation log entries (`startedAt` in ISO 8601, to the second).
    static func runs(_ entries: [[String: Any]]) -> [Run] {
        let parser = ISO8601DateFormatter()
        return entries.compactMap { entry in
            guard entry["trigger"] as? String == "timer", let text = entry["startedAt"] as? String, let date = parser.date(from: text)
            else { return nil }
            let worker = entry["workerId"] as? String ?? ""
            return Run(started: Int(date.timeIntervalSince1970), worker: worker, status: entry["status"] as? String ?? "")
        }
    }
}
