import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Hummingbird
import Logging
import NIOCore

/// In front of every queue service route: checks the request's Shared Key signature, or, for a
/// request with no `Authorization` header and a `sig` in its query, its shared access signature
/// (``QueueSAS``), against the keys of the account its URL names (`/{account}/…`), and answers
/// every request the way Azure does, with `x-ms-request-id`, `x-ms-version` and `Date`, errors as
/// `<Error>` XML with `x-ms-error-code`. A request that fails authentication or authorization is
/// refused (403 `AuthenticationFailed`, or the SAS's `Authorization…Mismatch`) before any route
/// runs, so it changes nothing.
struct QueueServiceAuthMiddleware: RouterMiddleware {
    typealias Context = QueueServiceRequestContext

    let store: any QueueStore
    /// The server's clock, for the 15-minute window.
    let now: @Sendable () -> Date
    /// Whether the listener serves TLS (a SAS with `spr=https` is refused over plain HTTP).
    var isHTTPS = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let requestID = UUID().uuidString.lowercased()
        let version = request.headers[HTTPField.Name("x-ms-version")!] ?? QueueServiceEndpoint.defaultVersion
        var response: Response
        do {
            var context = context
            context.account = try await authenticate(request, remoteAddress: context.remoteAddress)
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

    private func authenticate(_ request: Request, remoteAddress: String?) async throws -> QueueAccount {
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
        if signed.header("authorization") == nil {
            do {
                if let token = try QueueSASToken.parse(signed.queryParameters) {
                    let transport = QueueSAS.Transport(isHTTPS: isHTTPS, clientAddress: remoteAddress)
                    try QueueSAS.verify(token, request: signed, account: account.name, keys: keys, now: now(), transport: transport)
                    return account
                }
            } catch {
                throw QueueServiceError.sasRefused(error)
            }
        }
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
