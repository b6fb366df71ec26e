import Foundation
import NIOHTTP1

/// What the fleet knows about the load's failed requests, printed whenever there are any: for
/// each (the first few), the invocation's recorded error (a worker's answer carries the
/// invocation id; the management API has the invocation), then the worker log lines that name
/// the failed apps or say something failed. An intermittent failure is then explained by the run
/// that shows it.
struct FleetFailureReport {
    /// At most this many failed requests are looked up.
    static let maximumLookups = 6
    /// At most this many log lines per process.
    static let maximumLogLines = 40

    let failures: [FleetLoad.Outcome]

    /// The invocation id in a worker's error answer (`… Invocation id: <uuid>`).
    static func invocationID(in failure: String) -> String? {
        failure.firstMatch(of: #/Invocation id: ([0-9a-fA-F-]{36})/#).map { String($0.1) }
    }

    /// The report, or `nil` when nothing failed.
    func text(_ cluster: FleetCluster) async -> String? {
        guard !failures.isEmpty else { return nil }
        var lines: [String] = []
        // A worker's own error answers first: a balancer's or a transport's failure names no invocation.
        let fromWorkers = failures.filter { $0.failure.flatMap(Self.invocationID) != nil }
        let ordered = fromWorkers + failures.filter { $0.failure.flatMap(Self.invocationID) == nil }
        lines.append("FleetEndToEndTests: \(failures.count) failed request(s); what the fleet recorded:")
        for failure in ordered.prefix(Self.maximumLookups) {
            let request = String(format: "%.2f s ", failure.offset) + "\(failure.app): \(failure.failure ?? "")"
            guard let id = failure.failure.flatMap(Self.invocationID) else {
                lines.append("  \(request)\n    (no invocation id: the answer did not come from a worker's invoker)")
                continue
            }
            lines.append("  \(request)\n    recorded: \(await recorded(cluster, app: failure.app, id: id))")
        }
        let needles = Array(Set(failures.map(\.app))) + ["failed", "error", "Error", "refused", "timed out"]
        lines.append(cluster.logLines(containing: needles, limit: Self.maximumLogLines))
        return lines.joined(separator: "\n")
    }

    /// The invocation as the management API has it (written in batches: waits up to 5 s for it).
    private func recorded(_ cluster: FleetCluster, app: String, id: String) async -> String {
        let deadline = ContinuousClock.now + .seconds(5)
        while true {
            if let reply = try? await cluster.api(.GET, "/api/apps/\(app)/invocations/\(id)"), reply.status == 200,
                let entry = try? reply.json()
            {
                let worker = "\(entry["workerId"] as? String ?? "?") (\(entry["workerInstance"] as? String ?? "?"))"
                return "\(entry["status"] as? String ?? "?") on \(worker): \(entry["error"] as? String ?? "no error recorded")"
            }
            guard ContinuousClock.now < deadline else { return "invocation \(id) not found" }
            try? await Task.sleep(for: .milliseconds(250))
        }
    }
}
