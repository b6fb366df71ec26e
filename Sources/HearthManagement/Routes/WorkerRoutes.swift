import Foundation
import HearthCore
import HearthStore
import Hummingbird
import Logging

/// `/api/workers` (admin only): the fleet's workers with their state and load, one-time
/// enrolment tokens for new workers (shown once), draining, making ready again, and revocation.
/// Responses never carry a credential hash or key. Creating a token, draining, readying and
/// revoking a worker are audited (`AuditMiddleware`: `enrolment-token.create`, `worker.drain`,
/// `worker.ready`, `worker.revoke`).
struct WorkerRoutes {
    let store: any ManagementStore
    let liveness: WorkerStatus.Liveness
    var now: @Sendable () -> Date = { Date() }

    static let defaultValidMinutes = FleetAdministration.defaultValidMinutes

    var administration: FleetAdministration { FleetAdministration(store: store) }

    func register(on group: RouterGroup<ManagementRequestContext>) {
        group.get("workers", use: list)
        group.post("workers/enrolment-tokens", use: createEnrolmentToken)
        group.post("workers/:name/revoke", use: revoke)
        group.post("workers/:name/drain", use: drain)
        group.post("workers/:name/ready", use: ready)
    }

    @Sendable func list(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        try context.requirePrincipal().requireAdmin("list the fleet's workers")
        let now = now()
        let workers = try await store.workers().map { WorkerDTO($0, now: now, liveness: liveness) }
        return try JSONResponse.make(WorkerListDTO(workers: workers))
    }

    @Sendable func createEnrolmentToken(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireAdmin("enrol workers")
        let data = try await RequestBodyReader.collect(request, limit: RequestBodyReader.maxJSONBytes, what: "JSON body")
        var minutes = Self.defaultValidMinutes
        if !data.isEmpty {
            let body: CreateEnrolmentTokenRequest
            do {
                body = try JSONDecoder().decode(CreateEnrolmentTokenRequest.self, from: data)
            } catch {
                throw ManagementError(.invalidJSON, "the body must be a JSON object such as {\"validMinutes\": 60}, or empty")
            }
            minutes = body.validMinutes ?? minutes
        }
        let token = try await administration.issueEnrolmentToken(by: principal.name, validMinutes: minutes, at: now())
        context.logger.info("worker enrolment token created", metadata: ["by": "\(principal.name)", "validMinutes": "\(minutes)"])
        return try JSONResponse.make(token, status: .created)
    }

    @Sendable func revoke(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        try context.requirePrincipal().requireAdmin("revoke workers")
        let name = try context.parameter("name")
        let record = try await administration.revoke(named: name)
        context.logger.notice("worker revoked", metadata: ["worker": "\(name)"])
        return try answer(record)
    }

    /// `POST /api/workers/{name}/drain`: the worker's apps are placed elsewhere, then it answers its
    /// health check with 503 and finishes what reaches it (idempotent).
    @Sendable func drain(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        try await setDraining(true, context: context)
    }

    /// `POST /api/workers/{name}/ready`: a draining worker takes work again (idempotent).
    @Sendable func ready(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        try await setDraining(false, context: context)
    }

    private func setDraining(_ draining: Bool, context: ManagementRequestContext) async throws -> Response {
        try context.requirePrincipal().requireAdmin(draining ? "drain workers" : "make workers ready")
        let name = try context.parameter("name")
        let record = try await administration.setDraining(named: name, draining)
        context.logger.notice(draining ? "worker draining" : "worker ready", metadata: ["worker": "\(name)"])
        return try answer(record)
    }

    private func answer(_ record: WorkerRecord?) throws -> Response {
        guard let record else { return JSONResponse.noContent() }
        return try JSONResponse.make(WorkerDTO(record, now: now(), liveness: liveness))
    }
}
