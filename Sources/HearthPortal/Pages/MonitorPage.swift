import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird
import NIOCore

/// `/apps/{app}/monitor`: the invocation log filtered in the store (function, status, the last
/// 1, 24 or 168 hours), each invocation's detail with its logs, per-function counts and duration
/// percentiles per hour (`/monitor/stats`, JSON for the chart; a table without Chart.js), and the
/// live view (`/monitor/live`, Server-Sent Events).
struct MonitorPage {
    let environment: PageEnvironment
    var store: any ManagementStore { environment.store }
    static let limit = 100
    static let ranges = [1, 24, 168]

    init(_ environment: PageEnvironment) { self.environment = environment }

    func register(on group: RouterGroup<PortalRequestContext>) {
        group.get("apps/:app/monitor", use: page)
        group.get("apps/:app/monitor/stats", use: stats)
        group.get("apps/:app/monitor/live", use: live)
        group.get("apps/:app/monitor/invocations/:id", use: detail)
    }

    /// The filters of the query string; `hours` defaults to 24 and is kept within 1…90 days.
    struct Query {
        var function: String?
        var status: String?
        var hours: Int

        init(_ request: Request) {
            let query = request.uri.queryParameters
            function = query.get("function").flatMap { $0.isEmpty ? nil : $0 }
            status = query.get("status").flatMap { $0.isEmpty ? nil : $0 }
            hours = max(1, min(Int(query.get("hours") ?? "") ?? 24, 24 * 90))
        }

        func filter(now: Date) -> InvocationFilter {
            InvocationFilter(
                functionName: function,
                status: status.map(InvocationRecord.Status.init(rawValue:)),
                since: now.addingTimeInterval(-Double(hours) * 3600)
            )
        }
    }

    @Sendable func page(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (_, app) = try await environment.visibleApp(context)
        let query = Query(request)
        let now = Date()
        let filter = query.filter(now: now)
        let rows = try await store.invocations(appID: app.id, filter: filter, limit: Self.limit)
        let since = filter.since ?? now
        let stats = try await store.invocationStats(appID: app.id, since: since, until: now)
        let series = MonitorSeries(stats, since: since, until: now)
        // The table under the chart (its fallback) has a row per function and hour up to two days;
        // beyond, a row per function and 24 hours, so that 90 days stay a readable page.
        let daily = query.hours > Self.hourlyTableLimit
        let table = daily ? MonitorSeries(stats, since: since, until: now, hoursPerPeriod: 24) : series
        var model = try await environment.appModel(app, tab: "monitor")
        model["function"] = query.function ?? ""
        model["hours"] = query.hours
        model["statuses"] = ["succeeded", "failed", "timedOut", "running", "abandoned"].map {
            ["value": $0, "selected": $0 == query.status]
        }
        model["ranges"] = Self.ranges.map { ["value": $0, "selected": $0 == query.hours] }
        model["chart"] = environment.vendor.isInstalled("chart.js")
        model["statsURL"] = "/apps/\(app.name)/monitor/stats?hours=\(query.hours)"
        model["liveURL"] = Self.liveURL(app: app.name, query)
        model["functions"] = series.functions.map(Self.functionModel)
        model["hourRows"] = Self.hourRows(table)
        model["tablePeriod"] = daily ? "24 h from" : "Hour"
        model["invocations"] = rows.map { Self.invocationModel($0, app: app.name) }
        return environment.render("monitor", model, context)
    }

    static func liveURL(app: String, _ query: Query) -> String {
        var items: [URLQueryItem] = []
        if let function = query.function { items.append(URLQueryItem(name: "function", value: function)) }
        if let status = query.status { items.append(URLQueryItem(name: "status", value: status)) }
        var components = URLComponents()
        components.path = "/apps/\(app)/monitor/live"
        components.queryItems = items.isEmpty ? nil : items
        return components.string ?? components.path
    }

    static func milliseconds(_ value: Double?) -> String {
        value.map { String(format: "%.1f ms", $0) } ?? "–"
    }

    static func functionModel(_ function: MonitorSeries.Function) -> [String: Any] {
        [
            "name": function.name,
            "invocations": function.total,
            "succeeded": function.total - function.totalFailures,
            "failures": function.totalFailures,
            "p50": milliseconds(function.totalP50),
            "p95": milliseconds(function.totalP95),
            "p99": milliseconds(function.totalP99),
        ]
    }

    /// Ranges longer than this many hours get a table with a row per 24 hours.
    static let hourlyTableLimit = 48

    /// The table shown without Chart.js: one row per function and period that had calls.
    static func hourRows(_ series: MonitorSeries) -> [[String: Any]] {
        series.functions.flatMap { function in
            series.hours.indices.compactMap { i -> [String: Any]? in
                guard function.invocations[i] > 0 else { return nil }
                return [
                    "hour": series.hours[i], "function": function.name,
                    "succeeded": function.invocations[i] - function.failures[i], "failures": function.failures[i],
                    "p50": milliseconds(function.p50[i]), "p95": milliseconds(function.p95[i]), "p99": milliseconds(function.p99[i]),
                ]
            }
        }
    }

    static func invocationModel(_ invocation: InvocationRecord, app: String) -> [String: Any] {
        let event = LiveInvocationEvent(invocation)
        return [
            "id": event.id, "function": event.function, "trigger": event.trigger, "startedAt": event.startedAt,
            "duration": event.duration, "status": event.status, "failed": event.failed, "error": event.error,
            "url": "/apps/\(app)/monitor/invocations/\(event.id)",
        ]
    }

    /// `GET /apps/{app}/monitor/stats?hours=N`: ``MonitorSeries`` as JSON.
    @Sendable func stats(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (_, app) = try await environment.visibleApp(context)
        let now = Date()
        let since = now.addingTimeInterval(-Double(Query(request).hours) * 3600)
        let series = MonitorSeries(try await store.invocationStats(appID: app.id, since: since, until: now), since: since, until: now)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(series))))
    }

    /// `GET /apps/{app}/monitor/invocations/{id}`: one invocation with its error and logs.
    @Sendable func detail(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (_, app) = try await environment.visibleApp(context)
        let text = try context.parameters.require("id")
        guard let id = UUID(uuidString: text), let invocation = try await store.invocation(id: id), invocation.appID == app.id else {
            throw ManagementError(.notFound, "no invocation '\(text)' in app '\(app.name)'")
        }
        var model = try await environment.appModel(app, tab: "monitor")
        var row = Self.invocationModel(invocation, app: app.name)
        row["logs"] = invocation.logs.joined(separator: "\n")
        row["worker"] = invocation.workerID ?? ""
        model["invocation"] = row
        return environment.render("monitor-invocation", model, context)
    }

    /// `GET /apps/{app}/monitor/live[?function=&status=]`: `text/event-stream` of the app's
    /// invocations from now on (`invocation` events, JSON with the log lines), each sent when it
    /// starts and again when it ends; a comment every 15 s when nothing happens. Ends when the
    /// client goes away.
    @Sendable func live(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (_, app) = try await environment.visibleApp(context)
        let query = Query(request)
        let feed = LiveInvocationFeed(
            store: store,
            appID: app.id,
            filter: InvocationFilter(functionName: query.function, status: query.status.map(InvocationRecord.Status.init(rawValue:)))
        )
        let cursor = try await feed.start()
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[HTTPField.Name("X-Accel-Buffering")!] = "no"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in try await feed.stream(after: cursor, to: &writer) })
    }
}
