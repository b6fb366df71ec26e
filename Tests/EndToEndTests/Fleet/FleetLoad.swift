import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Synchronization

/// A bounded, paced load through the load balancer: requests start on a fixed schedule (`rate` a
/// second, spread over the apps in turn) whether or not earlier ones finished, so a stalled
/// worker shows as failures rather than as a slower load. Every request is recorded with the
/// second it started in; one fails on a transport error, a timeout, or an answer not from its app.
///
/// Each request uses a connection of its own (`Connection: close`): a kept-alive connection that
/// HAProxy closes while reloading could otherwise lose a request on the client's side, which is
/// not what the test measures.
final class FleetLoad: Sendable {
    struct Outcome: Sendable {
        /// Seconds from the start of the load to the request's start.
        var offset: Double
        /// Seconds from the start of the load to its end (its answer, or its failure).
        var end: Double
        var app: String
        var failure: String?
    }

    let url: String
    let apps: [String]
    let hostSuffix: String
    let rate: Int
    private let outcomes = Mutex<[Outcome]>([])
    private let startedAt = Mutex<ContinuousClock.Instant?>(nil)

    /// - Parameters:
    ///   - url: HAProxy's frontend, e.g. `http://127.0.0.1:8080`.
    ///   - hostSuffix: Appended to an app's name for the `Host` header (`.fleet.test`).
    init(url: String, apps: [String], hostSuffix: String, rate: Int) {
        self.url = url
        self.apps = apps
        self.hostSuffix = hostSuffix
        self.rate = rate
    }

    /// The moment the load started (for offsets of events the test observes).
    var start: ContinuousClock.Instant? { startedAt.withLock { $0 } }

    /// Seconds from the start of the load to `instant`.
    func offset(of instant: ContinuousClock.Instant) -> Double {
        guard let start else { return 0 }
        return Self.seconds(instant - start)
    }

    /// Runs `duration` of load, then waits for the requests still under way (each has a 10 s limit).
    func run(for duration: Duration) async {
        let start = ContinuousClock.now
        startedAt.withLock { $0 = start }
        let interval = Duration.seconds(1) / rate
        let count = Int(Self.seconds(duration) * Double(rate))
        await withDiscardingTaskGroup { group in
            for index in 0..<count {
                let due = start + interval * index
                try? await Task.sleep(until: due, clock: .continuous)
                let app = apps[index % apps.count]
                group.addTask {
                    let failure = await self.send(app: app, id: index)
                    let end = Self.seconds(ContinuousClock.now - start)
                    let outcome = Outcome(offset: Self.seconds(due - start), end: end, app: app, failure: failure)
                    self.outcomes.withLock { $0.append(outcome) }
                }
            }
        }
    }

    /// One request to `app`: `nil` when the app answered as itself, else what went wrong.
    func send(app: String, id: Int) async -> String? {
        var request = HTTPClientRequest(url: "\(url)/api/items/\(id)")
        request.headers.add(name: "Host", value: app + hostSuffix)
        request.headers.add(name: "Connection", value: "close")
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            let body = Data(buffer: try await response.body.collect(upTo: 1 << 20))
            guard response.status.code == 201 else {
                return "\(response.status.code) \(String(decoding: body.prefix(200), as: UTF8.self))"
            }
            let echo = try? JSONSerialization.jsonObject(with: body) as? [String: Any]
            guard echo?["setting"] as? String == app else { return "answered by another app: \(String(decoding: body, as: UTF8.self))" }
            return nil
        } catch {
            return "\(error)"
        }
    }

    var all: [Outcome] { outcomes.withLock { $0 }.sorted { $0.offset < $1.offset } }

    /// The failed requests that started in `[from, to)` seconds of the load.
    func failures(from: Double = 0, to: Double = .infinity) -> [Outcome] {
        all.filter { $0.failure != nil && $0.offset >= from && $0.offset < to }
    }

    /// Requests and failures per second of the load, as `second: failed/sent` for the report.
    func perSecond() -> String {
        var sent: [Int: Int] = [:]
        var failed: [Int: Int] = [:]
        for outcome in all {
            let second = Int(outcome.offset)
            sent[second, default: 0] += 1
            if outcome.failure != nil { failed[second, default: 0] += 1 }
        }
        return sent.keys.sorted().map { "\($0)s:\(failed[$0] ?? 0)/\(sent[$0]!)" }.joined(separator: " ")
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
