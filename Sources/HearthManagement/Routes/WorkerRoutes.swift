import Foundation
import HearthCore
import HearthStore
import Hummingbird
import Logging

/// `/api/workers` (admin only): the fleet's workers with their state and load, one-time
/// enrolment tokens for new workers (shown once), and revocation. Responses never carry a
/// credential hash or key. Creating a token and revoking a worker are audited (`AuditMiddleware`:
/// `enrolment-token.create`, `worker.revoke`).
struct WorkerRoutes {
    let store: any ManagementStore
    let liveness: WorkerStatus.Liveness
    var now: @Sendable () -> Date = { Date() }

    static let defaultValidMinutes = 60
    static let maxValidMinutes = 7 * 24 * 60

    func register(on group: RouterGroup<ManagementRequestContext>) {
        group.get("workers", use: list)
        group.post("workers/enrolment-tokens", use: createEnrolmentToken)
        group.post("workers/:name/revoke", use: revoke)
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
        guard (1...Self.maxValidMinutes).contains(minutes) else {
            throw ManagementError(.badRequest, "validMinutes must be between 1 and \(Self.maxValidMinutes) (a week); it is \(minutes)")
        }
        let token = FleetSecret.generate(prefix: FleetSecret.enrolmentTokenPrefix)
        let created = now()
        let expires = created.addingTimeInterval(TimeInterval(minutes * 60))
        try await store.createEnrolmentToken(
            EnrolmentTokenRecord(tokenHash: FleetSecret.hash(token), createdBy: principal.name, createdAt: created, expiresAt: expires)
        )
        context.logger.info("worker enrolment token created", metadata: ["by": "\(principal.name)", "validMinutes": "\(minutes)"])
        return try JSONResponse.make(EnrolmentTokenDTO(token: token, expiresAt: expires), status: .created)
    }

    @Sendable func revoke(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        try context.requirePrincipal().requireAdmin("revoke workers")
        let name = try context.parameter("name")
        guard try await store.revokeWorker(named: name) else {
            throw ManagementError(.notFound, "there is no worker named '\(name)'; list them with 'hearth workers list'")
        }
        context.logger.notice("worker revoked", metadata: ["worker": "\(name)"])
        guard let record = try await store.worker(named: name) else { return JSONResponse.noContent() }
        return try JSONResponse.make(WorkerDTO(record, now: now(), liveness: liveness))
    }
}
