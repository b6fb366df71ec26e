import Foundation
import HearthCore
import HearthManagement
import HearthStore
import Hummingbird
import Logging

/// `/admin/workers` (instance admins only; 404 for anyone else): the fleet's workers with their
/// state, last heartbeat, apps placed, load, labels and version; drain, make ready and revoke
/// (revoke with the name typed as confirmation); and a one-time enrolment token for a new worker,
/// shown once. The same rules and messages as `/api/workers` (``FleetAdministration``).
struct AdminWorkersPage {
    let environment: PageEnvironment
    var now: @Sendable () -> Date = { Date() }
    var administration: FleetAdministration { FleetAdministration(store: environment.store) }
    var liveness: WorkerStatus.Liveness {
        WorkerStatus.Liveness(downAfter: Double(environment.configuration.workerDownAfter.components.seconds))
    }

    init(_ environment: PageEnvironment) { self.environment = environment }

    func register(on group: RouterGroup<PortalRequestContext>) {
        group.get("admin/workers", use: list)
        group.post("admin/workers/enrolment-tokens", use: enrol)
        group.post("admin/workers/:name/drain", use: drain)
        group.post("admin/workers/:name/ready", use: ready)
        group.post("admin/workers/:name/revoke", use: revoke)
    }

    @Sendable func list(_ request: Request, context: PortalRequestContext) async throws -> Response {
        _ = try environment.requireAdmin(context)
        return try await page(context, token: nil)
    }

    /// The table, with a just-issued enrolment token shown once (never stored or logged as such).
    func page(_ context: PortalRequestContext, token: EnrolmentTokenDTO?) async throws -> Response {
        let now = now()
        let rows: [[String: Any]] = try await environment.store.workers().map { Self.row($0, now: now, liveness: liveness) }
        var model: [String: Any] = [
            "title": "Workers", "admin_workers": true, "workerRows": rows, "empty": rows.isEmpty,
            "validMinutes": FleetAdministration.defaultValidMinutes,
        ]
        guard let token else { return environment.render("admin-workers", model, context) }
        model["enrolment"] = ["token": token.token, "expires": PageEnvironment.format(token.expiresAt)]
        var response = environment.render("admin-workers", model, context)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// One row of the table (the template escapes every value: names and labels are the workers').
    static func row(_ record: WorkerRecord, now: Date, liveness: WorkerStatus.Liveness) -> [String: Any] {
        let status = WorkerStatus.of(record, at: now, liveness: liveness)
        let age = Int(max(0, now.timeIntervalSince(record.lastHeartbeatAt)).rounded())
        return [
            "name": record.name,
            "state": status.rawValue,
            "stateClass": status.rawValue.replacingOccurrences(of: " ", with: "-"),
            "heartbeat": age < 120 ? "\(age) s ago" : "\(age / 60) min ago",
            "heartbeatAt": PageEnvironment.format(record.lastHeartbeatAt),
            "appsPlaced": record.appsPlaced,
            "appsRunning": record.load.appsRunning,
            "inFlight": record.load.inFlightInvocations,
            "memory": "\(record.load.sandboxMemoryBytes >> 20) / \(record.registration.capacityMB) MiB",
            "labels": record.registration.labels.sorted { $0.key < $1.key }.map { ["label": "\($0.key)=\($0.value)"] as [String: Any] },
            "version": record.registration.version,
            "canDrain": status != .revoked && record.state == .ready,
            "canReady": record.state == .draining,
            "canRevoke": status != .revoked,
        ]
    }

    @Sendable func enrol(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let identity = try environment.requireAdmin(context)
        let text = context.form.trimmed("validMinutes") ?? ""
        guard let minutes = text.isEmpty ? FleetAdministration.defaultValidMinutes : Int(text) else {
            throw ManagementError(.badRequest, "the token's validity is a whole number of minutes, 1 to \(FleetAdministration.maxValidMinutes)")
        }
        let token = try await administration.issueEnrolmentToken(by: identity.principal.name, validMinutes: minutes, at: now())
        context.logger.info("worker enrolment token created in the portal", metadata: ["validMinutes": "\(minutes)"])
        return try await page(context, token: token)
    }

    @Sendable func drain(_ request: Request, context: PortalRequestContext) async throws -> Response {
        try await setDraining(true, context: context)
    }

    @Sendable func ready(_ request: Request, context: PortalRequestContext) async throws -> Response {
        try await setDraining(false, context: context)
    }

    private func setDraining(_ draining: Bool, context: PortalRequestContext) async throws -> Response {
        _ = try environment.requireAdmin(context)
        let name = try context.parameters.require("name")
        try await administration.setDraining(named: name, draining)
        context.logger.notice("worker \(draining ? "draining" : "ready") (portal)", metadata: ["worker": "\(name)"])
        return PageEnvironment.redirect("/admin/workers")
    }

    @Sendable func revoke(_ request: Request, context: PortalRequestContext) async throws -> Response {
        _ = try environment.requireAdmin(context)
        let name = try context.parameters.require("name")
        guard context.form["confirm"] == name else {
            throw ManagementError(.badRequest, "type the worker's name, '\(name)', to confirm revoking it")
        }
        try await administration.revoke(named: name)
        context.logger.notice("worker revoked (portal)", metadata: ["worker": "\(name)"])
        return PageEnvironment.redirect("/admin/workers")
    }
}
