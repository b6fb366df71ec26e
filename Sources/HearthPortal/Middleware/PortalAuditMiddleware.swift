import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird

/// Records every state-changing portal request (any method but GET and HEAD) of a signed-in person
/// in the audit log, as the API's ``AuditMiddleware`` does: who (the person), what (from the
/// route), the tenant when known, the address and the outcome; never form fields. Runs behind
/// ``PortalAuthMiddleware`` and in front of the CSRF check, so a refused form is recorded as denied.
struct PortalAuditMiddleware: RouterMiddleware {
    typealias Context = PortalRequestContext
    let trail: AuditTrail
    let store: any ManagementStore

    /// Routes that record their own event: a factory reset's event must open the new log.
    static let selfRecorded: Set<String> = ["/admin/reset"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .get, request.method != .head, let identity = context.identity else {
            return try await next(request, context)
        }
        do {
            let response = try await next(request, context)
            await record(request, context, identity, status: response.status)
            return response
        } catch {
            await record(request, context, identity, status: (error as? any HTTPResponseError)?.status ?? .internalServerError)
            throw error
        }
    }

    func record(_ request: Request, _ context: Context, _ identity: PortalIdentity, status: HTTPResponse.Status) async {
        if Self.selfRecorded.contains(context.endpointPath ?? request.uri.path), status.code < 300 { return }
        let action = AuditAction(
            method: request.method,
            route: context.endpointPath ?? request.uri.path,
            parameter: { context.parameters.get($0).map { $0.removingPercentEncoding ?? $0 } }
        )
        var tenantID = identity.principal.tenantID ?? identity.selectedTenant?.id
        if let app = context.parameters.get("app"), let record = try? await store.app(named: app.lowercased()) {
            tenantID = record.tenantID
        }
        let event = AuditEvent(
            actor: AuditEvent.Actor(kind: .user, id: identity.principal.tokenID, name: identity.displayName),
            tenantID: tenantID,
            action: action.name,
            target: action.target,
            address: context.remoteAddress,
            outcome: AuditMiddleware.outcome(status),
            detail: "portal \(request.method.rawValue) \(status.code)"
        )
        await trail.record(event)
    }
}
