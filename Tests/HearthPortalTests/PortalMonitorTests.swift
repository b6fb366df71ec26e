import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import HearthPortal

@Suite("Portal monitor")
struct PortalMonitorTests {
    static func call(
        _ app: AppRecord,
        _ function: String,
        _ status: InvocationRecord.Status,
        ms: Double?,
        ago: TimeInterval = 60,
        logs: [String] = []
    ) -> InvocationRecord {
        InvocationRecord(
            appID: app.id,
            functionName: function,
            trigger: "http",
            startedAt: Date().addingTimeInterval(-ago),
            durationMilliseconds: ms,
            status: status,
            error: status == .failed ? "boom <b>" : nil,
            logs: logs
        )
    }

    @Test("the monitor shows per-function counts and percentiles, the filtered log and an invocation's logs")
    func monitorRendersRealData() async throws {
        let instance = try await PortalTestInstance()
        let app = try await instance.seedApp("orders", tenant: "acme")
        let failed = Self.call(app, "Checkout", .failed, ms: 120, logs: ["charging card", "<declined>"])
        try await instance.store.writeInvocations([
            Self.call(app, "Checkout", .succeeded, ms: 3), Self.call(app, "Checkout", .succeeded, ms: 4), failed,
            Self.call(app, "Stock", .succeeded, ms: 700), Self.call(app, "Stock", .succeeded, ms: 1, ago: 3 * 24 * 3600),
        ])
        let identity = try await instance.identity(.reader, tenant: "acme")
        try await instance.test(as: identity) { client in
            let page = try await client.page("/apps/orders/monitor")
            #expect(page.status == .ok)
            #expect(page.body.contains("<tr><td>Checkout</td><td>3</td><td>2</td><td>1</td>"))
            #expect(page.body.contains("<tr><td>Stock</td><td>1</td><td>1</td><td>0</td>"))
            #expect(page.body.contains("data-live-src=\"/apps/orders/monitor/live\""))
            #expect(page.body.contains("/apps/orders/monitor/invocations/\(failed.id.uuidString.lowercased())"))
            #expect(!page.body.contains("<script>") && !page.body.contains("style=") && !page.body.contains("<b>"))
            #expect(page.body.contains("boom &lt;b&gt;"))

            let onlyFailed = try await client.page("/apps/orders/monitor?status=failed&function=checkout&hours=1")
            #expect(onlyFailed.body.components(separatedBy: "/monitor/invocations/").count == 2)
            let week = try await client.page("/apps/orders/monitor?function=Stock&hours=168")
            #expect(week.body.components(separatedBy: "/monitor/invocations/").count == 3)

            let detail = try await client.page("/apps/orders/monitor/invocations/\(failed.id.uuidString.lowercased())")
            #expect(detail.status == .ok)
            #expect(detail.body.contains("charging card\n&lt;declined&gt;"))
            #expect(try await client.page("/apps/orders/monitor/invocations/\(UUID().uuidString)").status == .notFound)

            let json = try await client.page("/apps/orders/monitor/stats?hours=24")
            #expect(json.headers[.contentType] == "application/json")
            let series = try JSONDecoder().decode(MonitorSeries.self, from: Data(json.body.utf8))
            #expect(series.hours.count == 25)
            let checkout = try #require(series.functions.first { $0.name == "Checkout" })
            #expect(checkout.invocations.reduce(0, +) == 3 && checkout.failures.reduce(0, +) == 1)
            #expect((checkout.totalP50 ?? 0) > 2 && (checkout.totalP50 ?? 0) <= 5)
            #expect((checkout.totalP99 ?? 0) > 100 && (checkout.totalP99 ?? 0) <= 200)
        }
    }

    @Test("the apps list counts the last 24 h from the statistics")
    func appsListCounts() async throws {
        let instance = try await PortalTestInstance()
        let app = try await instance.seedApp("orders", tenant: "acme")
        try await instance.seedApp("quiet", tenant: "acme")
        try await instance.store.writeInvocations([
            Self.call(app, "A", .succeeded, ms: 1), Self.call(app, "A", .failed, ms: 1), Self.call(app, "A", .timedOut, ms: 1),
            Self.call(app, "A", .succeeded, ms: 1, ago: 3 * 24 * 3600),
        ])
        let identity = try await instance.identity(.owner, tenant: "acme")
        let since = Date().addingTimeInterval(-24 * 3600)
        let counts = try await instance.store.invocationTotals(appIDs: [app.id], since: since, until: Date())
        #expect(counts[app.id] == InvocationTotals(invocations: 3, failures: 2))
        try await instance.test(as: identity) { client in
            let page = try await client.page("/apps")
            #expect(page.status == .ok)
            #expect(page.body.contains("orders") && page.body.contains("quiet"))
        }
    }

    @Test("another tenant's app: the monitor, its JSON, live stream and details are 404")
    func isolation() async throws {
        let instance = try await PortalTestInstance()
        let ledger = try await instance.seedApp("ledger", tenant: "other")
        let call = Self.call(ledger, "A", .succeeded, ms: 1)
        try await instance.store.writeInvocations([call])
        try await instance.seedApp("orders", tenant: "acme")
        let identity = try await instance.identity(.owner, tenant: "acme")
        try await instance.test(as: identity) { client in
            for uri in [
                "/apps/ledger/monitor", "/apps/ledger/monitor/stats", "/apps/ledger/monitor/live",
                "/apps/ledger/monitor/invocations/\(call.id.uuidString)", "/apps/orders/monitor/invocations/\(call.id.uuidString)",
            ] {
                let status = try await client.page(uri).status
                #expect(status == .notFound, "\(uri)")
            }
        }
    }

    @Test("the live stream sends a new invocation, then its end with its log lines")
    func liveStreamSendsNewAndFinishedInvocations() async throws {
        let instance = try await PortalTestInstance()
        let app = try await instance.seedApp("orders", tenant: "acme")
        try await instance.store.writeInvocations([Self.call(app, "Old", .succeeded, ms: 1, ago: 5)])
        var feed = LiveInvocationFeed(store: instance.store, appID: app.id, filter: InvocationFilter())
        feed.pollInterval = .milliseconds(20)
        let cursor = try await feed.start()
        let collected = CollectedText()
        let streaming = Task { [feed] in
            var writer: any ResponseBodyWriter = CollectingWriter(collected: collected)
            try await feed.stream(after: cursor, to: &writer)
        }
        defer { streaming.cancel() }

        var call = Self.call(app, "Checkout", .running, ms: nil, ago: 0)
        try await instance.store.writeInvocations([call])
        let id = call.id.uuidString.lowercased()
        #expect(try await collected.waitFor("\"id\":\"\(id)\""))
        call.status = .succeeded
        call.durationMilliseconds = 12
        call.logs = ["line one", "line two"]
        try await instance.store.writeInvocations([call])
        #expect(try await collected.waitFor("\"logs\":[\"line one\",\"line two\"]"))
        let text = collected.text
        #expect(text.hasPrefix("retry: 2000\n"))
        #expect(!text.contains("\"function\":\"Old\""))
        #expect(text.contains("event: invocation\nid: \(id)\ndata: {"))
        #expect(text.contains("\"status\":\"running\"") && text.contains("\"status\":\"succeeded\""))
    }

    @Test("a live stream ends by itself after its maximum duration, so the browser reconnects through the sign-in checks")
    func liveStreamEnds() async throws {
        let instance = try await PortalTestInstance()
        let app = try await instance.seedApp("orders", tenant: "acme")
        var feed = LiveInvocationFeed(store: instance.store, appID: app.id, filter: InvocationFilter())
        feed.pollInterval = .milliseconds(10)
        feed.maximumDuration = .milliseconds(50)
        var writer: any ResponseBodyWriter = CollectingWriter(collected: CollectedText())
        // Returns (rather than running until cancelled): the test would hang otherwise.
        try await feed.stream(after: try await feed.start(), to: &writer)
        #expect(LiveInvocationFeed(store: instance.store, appID: app.id, filter: InvocationFilter()).maximumDuration == .seconds(300))
    }

    @Test("the tracker sends each new invocation and the end of the running ones once")
    func tracker() {
        let app = AppRecord(tenantID: UUID(), name: "a")
        var tracker = LiveInvocationTracker(after: nil)
        let running = Self.call(app, "A", .running, ms: nil)
        let done = Self.call(app, "B", .succeeded, ms: 1, ago: 30)
        #expect(tracker.received(new: [running, done]) == [running, done])
        #expect(tracker.cursor == InvocationCursor(done))
        #expect(tracker.runningIDs == [running.id])
        #expect(tracker.refreshed([running], asked: [running.id]).isEmpty)
        var ended = running
        ended.status = .failed
        #expect(tracker.refreshed([ended], asked: [running.id]) == [ended])
        #expect(tracker.runningIDs.isEmpty)
        #expect(tracker.refreshed([ended], asked: [running.id]).isEmpty)
    }

    @Test("the live view sends an invocation committed after a later-started one, once, and not what the page showed")
    func liveViewCatchesRecordsCommittedLate() async throws {
        let instance = try await PortalTestInstance()
        let app = try await instance.seedApp("orders", tenant: "acme")
        let shown = Self.call(app, "Shown", .succeeded, ms: 1, ago: 3)
        try await instance.store.writeInvocations([shown])
        let feed = LiveInvocationFeed(store: instance.store, appID: app.id, filter: InvocationFilter())
        var tracker = LiveInvocationTracker(after: try await feed.start())
        try await feed.open(&tracker)
        #expect(try await feed.poll(&tracker).isEmpty)
        let later = Self.call(app, "Later", .succeeded, ms: 1, ago: 1)
        try await instance.store.writeInvocations([later])
        #expect(try await feed.poll(&tracker).map(\.id) == [later.id])
        // Started before "Later" but written after it (a worker flushes a short call when it ends).
        let late = Self.call(app, "Late", .succeeded, ms: 1, ago: 2)
        try await instance.store.writeInvocations([late])
        #expect(try await feed.poll(&tracker).map(\.id) == [late.id])
        #expect(try await feed.poll(&tracker).isEmpty)
    }

    @Test("the tracker looks back from the newest invocation, skips those sent, and reads a full batch through")
    func trackerLooksBackAndSkipsSent() throws {
        let app = AppRecord(tenantID: UUID(), name: "a")
        var tracker = LiveInvocationTracker(after: nil)
        #expect(tracker.nextQuery == nil)
        let first = Self.call(app, "A", .succeeded, ms: 1, ago: 10)
        let second = Self.call(app, "B", .succeeded, ms: 1, ago: 8)
        #expect(tracker.received(new: [first, second], batchWasFull: true) == [first, second])
        #expect(tracker.nextQuery == InvocationCursor(second))
        #expect(tracker.received(new: [], batchWasFull: false).isEmpty)
        let back = try #require(tracker.nextQuery)
        #expect(back.startedAt == second.startedAt.addingTimeInterval(-LiveInvocationTracker.lookback))
        let late = Self.call(app, "C", .succeeded, ms: 1, ago: 9)
        #expect(tracker.received(new: [first, late, second]) == [late])
        #expect(tracker.received(new: [first, late, second]).isEmpty)
    }

    @Test("a multi-line event is sent as data lines; a comment keeps the stream open")
    func serverSentEventFormat() {
        #expect(ServerSentEvent(event: "invocation", id: "1", data: "a\nb\r").text == "event: invocation\nid: 1\ndata: a\ndata: b\n\n")
        #expect(ServerSentEvent.comment("heartbeat") == ": heartbeat\n\n")
    }

    @Test("a long range's table has a row per function and 24 hours, its percentiles from the merged hours")
    func longRangeTableIsDaily() async throws {
        let hour = 3600.0
        let since = InvocationStats.hour(of: Date(timeIntervalSince1970: 1_800_000_000))
        let until = since.addingTimeInterval(72 * hour)
        func stats(_ hours: Double, _ ms: Double, calls: Int64) -> InvocationStats {
            var histogram = Array(repeating: Int64(0), count: InvocationHistogram.bucketCount)
            histogram[InvocationHistogram.bucket(milliseconds: ms)] = calls
            return InvocationStats(
                functionName: "Stock",
                hour: since.addingTimeInterval(hours * hour),
                invocations: calls,
                failures: 1,
                durationSum: ms * Double(calls),
                histogram: histogram
            )
        }
        // Two hours of the first day (99 fast calls, 1 slow), one of the third.
        let rows = [stats(1, 15, calls: 99), stats(5, 60_000, calls: 1), stats(50, 15, calls: 2)]
        let daily = MonitorSeries(rows, since: since, until: until, hoursPerPeriod: 24)
        #expect(daily.hours.count == 3)
        let stock = try #require(daily.functions.first)
        #expect(stock.invocations == [100, 0, 2] && stock.failures == [2, 0, 1])
        #expect((stock.p50[0] ?? 0) > 10 && (stock.p50[0] ?? 0) <= 20)
        #expect(stock.p99[0] == InvocationHistogram.percentile(0.99, of: zip(rows[0].histogram, rows[1].histogram).map { $0 + $1 }))
        #expect(stock.p50[1] == nil)
        let hourly = MonitorSeries(rows, since: since, until: until)
        #expect(hourly.hours.count == 72 && hourly.functions.first?.invocations.reduce(0, +) == 102)

        let instance = try await PortalTestInstance()
        let app = try await instance.seedApp("orders", tenant: "acme")
        try await instance.store.writeInvocations([
            Self.call(app, "Stock", .succeeded, ms: 3, ago: 3 * 24 * hour), Self.call(app, "Stock", .succeeded, ms: 4),
        ])
        try await instance.test(as: try await instance.identity(.reader, tenant: "acme")) { client in
            let week = try await client.page("/apps/orders/monitor?hours=168").body
            #expect(week.contains("<th>24 h from</th>"))
            let table = try #require(week.range(of: "data-chart-fallback").map { week[$0.upperBound...] })
            let body = table[..<(table.range(of: "</table>")?.lowerBound ?? table.endIndex)]
            #expect(body.components(separatedBy: "<tr><td>").count - 1 == 2, "two days with calls: \(body)")
            let day = try await client.page("/apps/orders/monitor?hours=48").body
            #expect(day.contains("<th>Hour</th>"))
        }
    }

    @Test("percentiles are estimated inside the histogram's buckets")
    func percentiles() {
        var counts = Array(repeating: Int64(0), count: InvocationHistogram.bucketCount)
        #expect(InvocationHistogram.percentile(0.5, of: counts) == nil)
        counts[InvocationHistogram.bucket(milliseconds: 15)] = 99
        counts[InvocationHistogram.bucket(milliseconds: 60_000)] = 1
        #expect(InvocationHistogram.bucket(milliseconds: 10) == 3)
        #expect(InvocationHistogram.bucket(milliseconds: 10.5) == 4)
        let p50 = InvocationHistogram.percentile(0.5, of: counts) ?? 0
        #expect(p50 > 10 && p50 <= 20)
        #expect(InvocationHistogram.percentile(0.995, of: counts) == 30_000)
    }

    @Test("each chart series gets its own colour from portal.css (custom properties portal.js reads), not Chart.js's grey")
    func chartSeriesHaveDistinctColours() async throws {
        let instance = try await PortalTestInstance()
        let (script, css) = try await instance.test(as: nil) { client in
            (try await client.page("/static/portal.js").body, try await client.page("/static/portal.css").body)
        }
        var colours: [String] = []
        for series in ["succeeded", "failed", "p50", "p95", "p99"] {
            #expect(script.contains("(\"\(series)\") }"), "portal.js gives the \(series) series no colour")
            let declaration = try #require(css.firstRange(of: "--chart-\(series):"), "portal.css defines no --chart-\(series)")
            let value = css[declaration.upperBound...].prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces)
            #expect(value.hasPrefix("#"))
            colours.append(value)
        }
        #expect(Set(colours).count == colours.count, "\(colours)")
    }
}

/// What a streamed response wrote so far.
final class CollectedText: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = ""

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return buffer
    }

    func append(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        buffer += text
    }

    /// Whether `needle` appears within 10 seconds (asked every 10 ms; the deadline only bounds a failure).
    func waitFor(_ needle: String) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if text.contains(needle) { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return text.contains(needle)
    }
}

struct CollectingWriter: ResponseBodyWriter {
    let collected: CollectedText

    mutating func write(_ buffer: ByteBuffer) async throws { collected.append(String(buffer: buffer)) }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
