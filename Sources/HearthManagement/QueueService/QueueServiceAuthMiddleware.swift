import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Hummingbird
import Logging
import NIOCore

/// In front of every queue service route: checks the request's Shared Key signature against the
/// keys of the account its URL names (`/{account}/…`), and answers every request the way Azure
/// does, with `x-ms-request-id`, `x-ms-version` and `Date`, errors as `<Error>` XML with
/// `x-ms-error-code`. A request that fails authentication is refused (403
/// `AuthenticationFailed`) before any route runs, so it changes nothing.
struct QueueServiceAuthMiddleware: RouterMiddleware {
    typealias Context = QueueServiceRequestContext

    let store: any QueueStore
    /// The server's clock, for the 15-minute window.
    let now: @Sendable () -> Date

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let requestID = UUID().uuidString.lowercased()
        let version = request.headers[HTTPField.Name("x-ms-version")!] ?? QueueServiceEndpoint.defaultVersion
        var response: Response
        do {
            var context = context
            context.account = try await authenticate(request)
            response = try await next(request, context)
        } catch {
            let failure = QueueServiceError.from(error)
            if failure.status == .internalServerError {
                context.logger.error("queue service request failed", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            }
            response = Self.errorResponse(failure, requestID: requestID)
        }
        response.headers[HTTPField.Name("x-ms-request-id")!] = requestID
        response.headers[HTTPField.Name("x-ms-version")!] = version
        response.headers[.date] = QueueHTTPDate.format(now())
        return response
    }

    private func authenticate(_ request: Request) async throws -> QueueAccount {
        let name = request.uri.path.split(separator: "/", omittingEmptySubsequences: true).first.map(String.init) ?? ""
        guard (try? QueueAccount.validateName(name)) != nil, let account = try await store.queueAccount(named: name),
            let keys = try await store.queueAccountKeys(accountID: account.id)
        else {
            throw QueueServiceError.unknownAccount
        }
        let signed = QueueSignedRequest(
            method: request.method.rawValue,
            path: request.uri.path,
            query: request.uri.query ?? "",
            headers: request.headers.map { (name: $0.name.rawName, value: $0.value) }
        )
        do {
            try QueueSharedKey.verify(signed, account: account.name, keys: keys, now: now())
        } catch {
            throw QueueServiceError.authenticationFailed(error)
        }
        return account
    }

    static func errorResponse(_ error: QueueServiceError, requestID: String) -> Response {
        let message = "\(error.message)\nRequestId:\(requestID)\nTime:\(ISO8601DateFormatter().string(from: Date()))"
        var headers = HTTPFields()
        headers[.contentType] = "application/xml"
        headers[HTTPField.Name("x-ms-error-code")!] = error.code
        let body = QueueServiceXML.error(code: error.code, message: message, detail: error.detail)
        return Response(status: error.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
