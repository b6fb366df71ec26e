import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Hummingbird
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
            return try challenge("this endpoint needs the app's publishing credentials (HTTP Basic, user '$\(appName)') or an API token", request, context)
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        let scheme = parts.first?.lowercased() ?? ""
        let value = parts.count == 2 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        var context = context
        switch scheme {
        case "basic":
            guard let caller = try await basic(value, appName: appName) else {
                context.logger.notice("kudu: rejected publishing credentials", metadata: ["app": "\(appName)"])
                return try challenge(
                    "the publishing user or password is wrong for app '\(appName)'; download the publish profile again (the password may have been reset)",
                    request, context)
            }
            context.kuduCaller = caller
        case "bearer":
            guard APITokenSecret.isWellFormed(value), let token = try await store.token(secretHash: APITokenSecret.hash(value)) else {
                return try challenge("the API token is not valid (unknown, deleted or mistyped)", request, context)
            }
            let principal = Principal(token: token)
            let app = try await store.visibleApp(named: appName, for: principal)
            context.principal = principal
            context.kuduCaller = KuduCaller(app: app, name: token.name, canWrite: principal.role.canWrite)
        default:
            return try challenge("the Authorization header must be 'Basic …' (publishing credentials) or 'Bearer <token>'", request, context)
        }
        context.logger[metadataKey: "hearth.app"] = .string(appName)
        return try await next(request, context)
    }

    /// The caller for `Basic base64(user:password)`, or `nil` when the credentials do not match.
    func basic(_ encoded: String, appName: String) async throws -> KuduCaller? {
        guard let decoded = Data(base64Encoded: encoded).map({ String(decoding: $0, as: UTF8.self) }),
            let colon = decoded.firstIndex(of: ":")
        else { return nil }
        let user = String(decoded[..<colon])
        let password = String(decoded[decoded.index(after: colon)...])
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

    func challenge(_ message: String, _ request: Request, _ context: Context) throws -> Response {
        var response = try ManagementError(.unauthorized, message).response(from: request, context: context)
        response.headers[.wwwAuthenticate] = #"Basic realm="hearth-scm""#
        return response
    }
}
