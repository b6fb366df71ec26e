import Foundation
import HearthCore
import HearthStore
import Hummingbird
import Logging

/// `/api/tokens` (admin only): create (the secret is shown once), list (no secrets), delete.
struct TokenRoutes {
    let store: any ManagementStore

    func register(on group: RouterGroup<ManagementRequestContext>) {
        group.post("tokens", use: create)
        group.get("tokens", use: list)
        group.delete("tokens/:id", use: delete)
    }

    @Sendable func create(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireAdmin("manage API tokens")
        let body = try await RequestBodyReader.decode(CreateTokenRequest.self, from: request)
        let name = body.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 128 else {
            throw ManagementError(.invalidName, "a token name must be 1 to 128 characters; name it after who or what uses it, e.g. 'ci-deploy'")
        }
        let role = APIToken.Role(rawValue: body.role.lowercased())
        guard APIToken.Role.all.contains(role) else {
            throw ManagementError(
                .badRequest,
                "'\(body.role)' is not a role; use one of \(APIToken.Role.all.map(\.rawValue).joined(separator: ", "))"
            )
        }
        var tenant: Tenant?
        if role == .admin {
            guard body.tenant == nil else {
                throw ManagementError(
                    .badRequest,
                    "an admin token covers every tenant; leave out \"tenant\", or choose the role owner, contributor or reader"
                )
            }
        } else {
            guard let tenantName = body.tenant else {
                throw ManagementError(.badRequest, "a \(role) token belongs to one tenant; add \"tenant\": \"NAME\"")
            }
            tenant = try await store.visibleTenant(named: tenantName, for: principal)
        }
        let secret = APITokenSecret.generate()
        let token = APIToken(name: name, role: role, tenantID: tenant?.id)
        try await store.createToken(token, secretHash: APITokenSecret.hash(secret))
        context.logger.info("API token created", metadata: ["token": "\(name)", "role": "\(role)", "tenant": "\(tenant?.name ?? "-")"])
        return try JSONResponse.make(TokenDTO(token, tenantName: tenant?.name, secret: secret), status: .created)
    }

    @Sendable func list(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireAdmin("manage API tokens")
        let names = try await store.tenantNames()
        let tokens = try await store.tokens().sorted { $0.createdAt < $1.createdAt }
        return try JSONResponse.make(TokenListDTO(tokens: tokens.map { TokenDTO($0, tenantName: $0.tenantID.flatMap { names[$0] }) }))
    }

    /// Refuses (409) to delete the last admin token, which would lock everyone out.
    @Sendable func delete(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireAdmin("manage API tokens")
        let id = try context.uuidParameter("id", what: "token")
        let tokens = try await store.tokens()
        guard let token = tokens.first(where: { $0.id == id }) else {
            throw ManagementError(.notFound, "there is no API token with id \(id); list them with 'hearth token list'")
        }
        if token.role == .admin, tokens.filter({ $0.role == .admin }).count == 1 {
            throw ManagementError(.conflict, "'\(token.name)' is the last admin token; create another admin token before deleting it")
        }
        _ = try await store.deleteToken(id: id)
        context.logger.info("API token deleted", metadata: ["token": "\(token.name)"])
        return JSONResponse.noContent()
    }
}
