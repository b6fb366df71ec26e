import Foundation
import HearthCore
import HearthStore
import Hummingbird
import Logging

/// `/api/apps/{app}/invocations`: the invocation log, newest first.
struct InvocationRoutes {
    let store: any ManagementStore

    static let defaultLimit = 50
    static let maxLimit = 1000

    func register(on group: RouterGroup<ManagementRequestContext>) {
        group.get("apps/:app/invocations", use: list)
        group.get("apps/:app/invocations/:id", use: show)
    }

    /// Query: `function` (one function only), `limit` (1…1000, default 50).
    @Sendable func list(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let app = try await store.visibleApp(named: try context.parameter("app"), for: principal)
        let query = request.uri.queryParameters
        var limit = Self.defaultLimit
        if let raw = query.get("limit") {
            guard let value = Int(raw), (1...Self.maxLimit).contains(value) else {
                throw ManagementError(.badRequest, "limit must be a whole number from 1 to \(Self.maxLimit), not '\(raw)'")
            }
            limit = value
        }
        let function = query.get("function").flatMap { $0.isEmpty ? nil : $0 }
        let records = try await store.invocations(appID: app.id, functionName: function, limit: limit)
        return try JSONResponse.make(InvocationListDTO(invocations: records.map(InvocationDTO.init)))
    }

    @Sendable func show(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let app = try await store.visibleApp(named: try context.parameter("app"), for: principal)
        let id = try context.uuidParameter("id", what: "invocation")
        guard let record = try await store.invocation(id: id), record.appID == app.id else {
            throw ManagementError(.notFound, "app '\(app.name)' has no invocation \(id) (records older than the retention period are deleted)")
        }
        return try JSONResponse.make(InvocationDTO(record))
    }
}
