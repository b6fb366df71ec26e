import Foundation
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird

/// `/apps/{app}/invocations`: the invocation log, newest first, filtered by function, status and
/// time range (`hours`: the last 1, 24 or 168 hours; default 24).
struct InvocationsPage {
    let environment: PageEnvironment
    var store: any ManagementStore { environment.store }
    static let limit = 200

    init(_ environment: PageEnvironment) { self.environment = environment }

    func register(on group: RouterGroup<PortalRequestContext>) {
        group.get("apps/:app/invocations", use: list)
    }

    @Sendable func list(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let (_, app) = try await environment.visibleApp(context)
        let query = request.uri.queryParameters
        let function = query.get("function").flatMap { $0.isEmpty ? nil : $0 }
        let status = query.get("status").flatMap { $0.isEmpty ? nil : $0 }
        let hours = Int(query.get("hours") ?? "") ?? 24
        let since = Date().addingTimeInterval(-Double(max(1, min(hours, 24 * 90))) * 3600)
        let filter = InvocationFilter(functionName: function, status: status.map(InvocationRecord.Status.init(rawValue:)), since: since)
        let rows = try await store.invocations(appID: app.id, filter: filter, limit: Self.limit)
        var model = try await environment.appModel(app, tab: "invocations")
        model["function"] = function ?? ""
        model["status"] = status ?? ""
        model["hours"] = hours
        model["statuses"] = ["succeeded", "failed", "timedOut", "running", "abandoned"].map { ["value": $0, "selected": $0 == status] }
        model["ranges"] = [1, 24, 168].map { ["value": $0, "selected": $0 == hours] }
        model["invocations"] = rows.map { invocation -> [String: Any] in
            [
                "id": invocation.id.uuidString.lowercased(),
                "function": invocation.functionName,
                "trigger": invocation.trigger,
                "startedAt": PageEnvironment.format(invocation.startedAt),
                "duration": invocation.durationMilliseconds.map { String(format: "%.1f ms", $0) } ?? "",
                "status": invocation.status.rawValue,
                "failed": invocation.status == .failed || invocation.status == .timedOut,
                "error": invocation.error ?? "",
                "logs": invocation.logs.joined(separator: "\n"),
            ]
        }
        return environment.render("invocations", model, context)
    }
}
