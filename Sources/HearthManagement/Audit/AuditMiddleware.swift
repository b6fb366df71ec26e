public import Foundation
import HTTPTypes
public import HearthCore
public import HearthStore
public import Hummingbird

/// Records every state-changing request (any method but GET and HEAD) of the API and the Kudu
/// endpoint in the audit log: who (the token, or Kudu's publishing user), what (``AuditAction``),
/// the tenant when known, the client's address and the outcome. Bodies, headers and secret values
/// are never read here; a route that creates something named in its body (a tenant, an app) names
/// it through ``AuditCallerSlot/target``. 401 and 403 are recorded as denied.
///
/// Put it in front of the authentication middleware, and ``AuditCallerCapture`` behind it.
public struct AuditMiddleware: RouterMiddleware {
    public typealias Context = ManagementRequestContext
    let trail: AuditTrail
    let store: any ManagementStore

    public init(trail: AuditTrail, store: any ManagementStore) {
        self.trail = trail
        self.store = store
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        var context = context
        let slot = AuditCallerSlot()
        context.auditCaller = slot
        do {
            let response = try await next(request, context)
            await record(request, context, slot, status: response.status)
            return response
        } catch {
            await record(request, context, slot, status: (error as? any HTTPResponseError)?.status ?? .internalServerError)
            throw error
        }
    }

    func record(_ request: Request, _ context: Context, _ slot: AuditCallerSlot, status: HTTPResponse.Status) async {
        let action = AuditAction(
            method: request.method,
            route: context.endpointPath ?? request.uri.path,
            parameter: { context.parameters.get($0).map { $0.removingPercentEncoding ?? $0 } }
        )
        let actor = slot.actor ?? AuditEvent.Actor(kind: .token, name: "anonymous")
        let tenantID = await tenantID(context, slot: slot)
        await trail.record(
            AuditEvent(
                actor: actor,
                tenantID: tenantID,
                action: action.name,
                target: action.target.isEmpty ? slot.target ?? "" : action.target,
                address: context.remoteAddress,
                outcome: Self.outcome(status),
                detail: "\(request.method.rawValue) \(status.code)"
            )
        )
    }

    /// The tenant of the request: the token's, else the app's or the tenant's named in the path.
    func tenantID(_ context: Context, slot: AuditCallerSlot) async -> UUID? {
        if let tenantID = slot.tenantID { return tenantID }
        if let app = context.parameters.get("app"), let record = try? await store.app(named: app.lowercased()) {
            return record.tenantID
        }
        if let name = context.parameters.get("tenant"), let tenant = try? await store.tenant(named: name) {
            return tenant.id
        }
        // Queue routes by account name: the event belongs to the account's tenant, so its owners
        // see an admin's change to their queues.
        if let name = context.parameters.get("account"), let account = try? await store.queueAccount(named: name.lowercased()) {
            return account.tenantID
        }
        return nil
    }

    public static func outcome(_ status: HTTPResponse.Status) -> AuditEvent.Outcome {
        switch status.code {
        case 401, 403, 429: .denied
        case 200..<400: .success
        default: .failure
        }
    }
}

/// Copies the caller the authentication middleware found into ``AuditMiddleware``'s slot.
public struct AuditCallerCapture: RouterMiddleware {
    public typealias Context = ManagementRequestContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let slot = context.auditCaller {
            if let principal = context.principal {
                slot.actor = AuditEvent.Actor(kind: .token, id: principal.tokenID, name: principal.name)
                slot.tenantID = principal.tenantID
            } else if let caller = context.kuduCaller {
                slot.actor = AuditEvent.Actor(kind: .token, name: caller.name)
                slot.tenantID = caller.app.tenantID
            }
        }
        return try await next(request, context)
    }
}
