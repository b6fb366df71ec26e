import Foundation
import HearthCore
import HearthStore
import Testing

/// Store hot paths on SQLite, in operations per second: run by bench/store.sh (HEARTH_BENCH=1),
/// not a timed test (skipped otherwise).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["HEARTH_BENCH"] == "1", "store benchmark: run bench/store.sh"), .serialized)
struct StoreBenchmark {
    static let seconds = Double(ProcessInfo.processInfo.environment["HEARTH_BENCH_SECONDS"] ?? "3") ?? 3

    /// Runs `operation` on `concurrency` tasks for `seconds`, prints and returns ops/s.
    @discardableResult
    static func measure(_ name: String, concurrency: Int = 1, _ operation: @escaping @Sendable (Int) async throws -> Void) async throws -> Double {
        for i in 0..<50 { try await operation(i) }  // warm-up
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int(seconds * 1000))
        let start = clock.now
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var n = 0
                    while clock.now < deadline {
                        try await operation(worker * 10_000_000 + n)
                        n += 1
                    }
                    return n
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = clock.now - start
        let rate = Double(total) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        print(
            "BENCH \(name.padding(toLength: 44, withPad: " ", startingAt: 0)) \(String(format: "%10.0f", rate)) ops/s  (\(total) ops, concurrency \(concurrency))"
        )
        return rate
    }

    @Test func sqliteHotPaths() async throws {
        let f = try StoreFixture()
        defer { f.remove() }
        let store = f.store
        let app = try await f.app("bench")
        for i in 0..<5 {
            _ = try await store.putKey(appID: app.id, FunctionKey(scope: .function, functionName: "F\(i)", name: "default", value: "v\(i)"))
        }
        try await store.createToken(APIToken(name: "bench", role: .admin), secretHash: "bench-hash")

        try await Self.measure("key lookup: keys(appID:) (5 keys, decrypt)") { _ in _ = try await store.keys(appID: app.id) }
        try await Self.measure("key lookup: keys(appID:) x4 tasks", concurrency: 4) { _ in _ = try await store.keys(appID: app.id) }
        try await Self.measure("token lookup: token(secretHash:)") { _ in _ = try await store.token(secretHash: "bench-hash") }
        try await Self.measure("lease claim: acquireLease (renew own)") { _ in
            _ = try await store.acquireLease(name: "singleton", owner: "w1", duration: .seconds(30))
        }
        try await Self.measure("lease claim: acquireLease x4 tasks contended", concurrency: 4) { i in
            _ = try await store.acquireLease(name: "contended", owner: "w\(i / 10_000_000)", duration: .seconds(30))
        }
        let base = Date(timeIntervalSince1970: 1_900_000_000)
        try await Self.measure("timer claim: claimTimerOccurrence") { i in
            _ = try await store.claimTimerOccurrence(appID: app.id, functionName: "Tick", occurrence: base.addingTimeInterval(Double(i)), owner: "w1")
        }
        try await Self.measure("invocation log: writeInvocations (1 record)") { _ in
            try await store.writeInvocations([InvocationRecord(appID: app.id, functionName: "Hello", trigger: "http", status: .succeeded)])
        }
        let batch = try await Self.measure("invocation log: writeInvocations (batch of 50)") { _ in
            try await store.writeInvocations(
                (0..<50).map { _ in InvocationRecord(appID: app.id, functionName: "Hello", trigger: "http", status: .succeeded) }
            )
        }
        print("BENCH invocation records/s in batches of 50: \(String(format: "%.0f", batch * 50))")
    }
}
