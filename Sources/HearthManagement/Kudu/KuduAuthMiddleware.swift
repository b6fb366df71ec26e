import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Hummingbird
import HummingbirdAuth
import Logging

/// Authenticates Kudu endpoint requests: HTTP Basic with the app's publishing credentials (user
/// `$app`, or FTP's `app\$app`), or `Bearer` with a management API token that can see the app.
///
/// Runs before the body is read, so a request with wrong credentials gets 401 (with a `Basic`
/// challenge) and nothing is stored. The password is compared in constant time and never logged.
struct KuduAuthMiddleware: RouterMiddleware {
    typealias Context = ManagementRequestContext
    let store: any ManagementStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let appName = try context.parameter("app").lowercased()
        guard let header = request.headers[.authorization], !header.isEmpty else {
            return try challenge(
                "this endpoint needs the app's publishing credentials (HTTP Basic, user '$\(appName)') or an API token",
                request,
                context
            )
        }
        var context = context
        if let credentials = AuthenticationScheme.basic(in: request.headers) {
            guard let caller = try await basic(credentials, appName: appName) else {
                return try rejectPublishingCredentials(appName, request, context)
            }
            context.kuduCaller = caller
        } else if AuthenticationScheme(authorization: header) == .basic {
            // Not base64, or no colon between user and password: wrong credentials all the same.
            return try rejectPublishingCredentials(appName, request, context)
        } else if let bearer = AuthenticationScheme.bearer(in: request.headers) {
            let value = bearer.token.trimmingCharacters(in: .whitespaces)
            guard APITokenSecret.isWellFormed(value), let token = try await store.token(secretHash: APITokenSecret.hash(value)) else {
                return try challenge("the API token is not valid (unknown, deleted or mistyped)", request, context)
            }
            guard let principal = try await TokenRights.principal(for: token, store: store) else {
                return try challenge("the API token's owner no longer has the rights it was made with; make a new one", request, context)
            }
            let app = try await store.visibleApp(named: appName, for: principal)
            context.principal = principal
            context.kuduCaller = KuduCaller(app: app, name: token.name, canWrite: principal.role.canWrite)
        } else {
            return try challenge("the Authorization header must be 'Basic …' (publishing credentials) or 'Bearer <token>'", request, context)
        }
        context.logger[metadataKey: "hearth.app"] = .string(appName)
        return try await next(request, context)
    }

    /// The caller for `Basic base64(user:password)`, or `nil` when the credentials do not match.
    func basic(_ credentials: BasicAuthentication, appName: String) async throws -> KuduCaller? {
        let user = credentials.username
        let password = credentials.password
        guard let app = try await store.app(named: appName), let stored = try await store.publishingCredentials(appID: app.id) else {
            // Compare anyway, so an unknown app costs the same as a wrong password.
            _ = PublishingPassword.matches(password, "")
            return nil
        }
        let userMatches = Self.acceptedUserNames(stored.userName, app: app.name).contains(user.lowercased())
        let passwordMatches = PublishingPassword.matches(password, stored.password)
        guard userMatches && passwordMatches else { return nil }
        return KuduCaller(app: app, name: stored.userName, canWrite: true)
    }

    /// `$app` as profiles name it, and FTP's `app\$app`.
    static func acceptedUserNames(_ userName: String, app: String) -> Set<String> {
        [userName.lowercased(), "\(app)\\\(userName)".lowercased()]
    }

    /// 401 for publishing credentials that are wrong or unreadable (logged without the password).
    func rejectPublishingCredentials(_ appName: String, _ request: Request, _ context: Context) throws -> Response {
        context.logger.notice("kudu: rejected publishing credentials", metadata: ["app": "\(appName)"])
        return try challenge(
            "the publishing user or password is wrong for app '\(appName)'; download the publish profile again (the password may have been reset)",
            request,
            context
        )
    }

    func challenge(_ message: String, _ request: Request, _ context: Context) throws -> Response {
        var response = try ManagementError(.unauthorized, message).response(from: request, context: context)
        response.headers[.wwwAuthenticate] = #"Basic realm="hearth-scm""#
        return response
    }
}
