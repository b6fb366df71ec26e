import Foundation
import HTTPTypes
import HearthCore
public import HearthStore
public import Hummingbird
import HummingbirdAuth
import Logging

/// Authenticates every management call with `Authorization: Bearer <token>`.
///
/// A missing, malformed or unknown token ends the request with 401 before any route runs, so it
/// changes nothing. The token itself is never logged; only the token's name is attached to the
/// request logger.
public struct TokenAuthMiddleware: RouterMiddleware {
    public typealias Context = ManagementRequestContext
    let store: any ManagementStore

    /// Creates the middleware.
    /// - Parameter store: Where token hashes are kept.
    public init(store: any ManagementStore) {
        self.store = store
    }

    /// Resolves the token and passes the request on with ``ManagementRequestContext/principal`` set.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], !header.isEmpty else {
            throw ManagementError(
                .unauthorized,
                "this call needs an API token: send 'Authorization: Bearer <token>' (the CLI reads HEARTH_TOKEN or 'hearth login')"
            )
        }
        guard let bearer = AuthenticationScheme.bearer(in: request.headers) else {
            throw ManagementError(.unauthorized, "the Authorization header must be 'Bearer <token>'")
        }
        let secret = bearer.token.trimmingCharacters(in: .whitespaces)
        guard APITokenSecret.isWellFormed(secret), let token = try await store.token(secretHash: APITokenSecret.hash(secret)) else {
            throw ManagementError(.unauthorized, "the API token is not valid (unknown, deleted or mistyped); ask an admin for a new one")
        }
        guard let principal = try await TokenRights.principal(for: token, store: store) else {
            throw ManagementError(
                .unauthorized,
                "the API token's owner no longer has the rights it was made with (disabled, no longer an admin or no longer a member); make a new one"
            )
        }
        var context = context
        context.principal = principal
        context.logger[metadataKey: "hearth.token"] = .string(token.name)
        return try await next(request, context)
    }
}
