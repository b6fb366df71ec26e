import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HearthPortal

/// Server time of the portal's heaviest pages on a large SQLite store: run by bench/portal.sh
/// (HEARTH_BENCH=1), not a timed test (skipped otherwise).
///
/// Opens (and so migrates) the store at `HEARTH_BENCH_DB`, seeds it with `HEARTH_BENCH_SEEDER`
/// (bench/seed-portal.py) when it has no `bench` tenant, then sends `HEARTH_BENCH_REQUESTS`
/// requests per page through the portal's router in this process (the time from request to the
/// whole body, no network) and prints p50/p99 per page, `/static/portal.css` as the baseline.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["HEARTH_BENCH"] == "1", "portal benchmark: run bench/portal.sh"), .serialized)
struct PortalBenchmark {
    static let environment = ProcessInfo.processInfo.environment

    @Test func appsListAndMonitorPage() async throws {
        let path = try #require(Self.environment["HEARTH_BENCH_DB"], "set HEARTH_BENCH_DB")
        let requests = Int(Self.environment["HEARTH_BENCH_REQUESTS"] ?? "") ?? 200
        let store = try SQLiteStore(path: path, cipher: try SecretCipher(keyBytes: Data(repeating: 7, count: 32)))
        if try await store.tenant(named: "bench") == nil {
            let seeder = try #require(Self.environment["HEARTH_BENCH_SEEDER"], "set HEARTH_BENCH_SEEDER")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", seeder, path]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        let tenant = try #require(try await store.tenant(named: "bench"))
        let identity = PortalIdentity(
            principal: Principal(token: APIToken(name: "bench", role: .owner, tenantID: tenant.id)),
            displayName: "Bench",
            tenants: [tenant],
            selectedTenant: tenant,
            csrfToken: "bench"
        )
        let portal = try Portal(store: store, authenticator: FixedAuthenticator(identity: identity))
        let app = Application(router: portal.buildRouter(), configuration: .init())
        try await app.test(.router) { client in
            let pages = [
                ("baseline /static/portal.css", "/static/portal.css"), ("apps list (1,000 apps)", "/apps"),
                ("monitor page, 24 h", "/apps/app-0001/monitor"), ("monitor page, 7 days", "/apps/app-0001/monitor?hours=168"),
                ("monitor stats JSON, 7 days", "/apps/app-0001/monitor/stats?hours=168"),
            ]
            for (name, uri) in pages {
                try await Self.measure(name, uri, requests: requests, client)
            }
        }
    }

    static func measure(_ name: String, _ uri: String, requests: Int, _ client: any TestClientProtocol) async throws {
        let clock = ContinuousClock()
        var samples: [Double] = []
        for i in 0..<(requests + 10) {
            let start = clock.now
            let status = try await client.execute(uri: uri, method: .get, headers: [:], body: nil) { $0.status }
            let elapsed = clock.now - start
            #expect(status == .ok, "\(uri)")
            if i >= 10 { samples.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000) }
        }
        samples.sort()
        let p50 = samples[samples.count / 2]
        let p99 = samples[min(samples.count - 1, Int((Double(samples.count) * 0.99).rounded(.up)) - 1)]
        let label = name.padding(toLength: 32, withPad: " ", startingAt: 0)
        print("BENCH \(label) p50 \(String(format: "%7.2f", p50)) ms  p99 \(String(format: "%7.2f", p99)) ms  (\(requests) requests)")
    }
}
