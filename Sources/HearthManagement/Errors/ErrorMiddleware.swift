import HTTPTypes
import HearthStore
public import Hummingbird
import Logging

/// Turns every error thrown below it into the API's JSON error body.
///
/// ``ManagementErrorConvertible`` errors become their ``ManagementError``; Hummingbird's own
/// `HTTPError`s (unknown route, wrong method) keep their status; anything else is logged with its
/// full description and answered with a generic 500, so no internal detail (or secret) leaks.
public struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    /// Runs `next` and converts its errors.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let mapped = Self.map(error, request: request, logger: context.logger)
            return try mapped.response(from: request, context: context)
        }
    }

    static func map(_ error: any Error, request: Request, logger: Logger) -> ManagementError {
        switch error {
        case let error as StoreError where !error.isCallerError:
            logger.error("store failure", metadata: ["path": "\(request.uri.path)", "error": "\(String(reflecting: error))"])
            return error.managementError
        case let error as any ManagementErrorConvertible:
            return error.managementError
        case let error as HTTPError:
            return Self.map(httpError: error, request: request)
        default:
            logger.error("unexpected error", metadata: ["path": "\(request.uri.path)", "error": "\(String(reflecting: error))"])
            return ManagementError(.internalError, "an internal error occurred; the server log has the details")
        }
    }

    static func map(httpError error: HTTPError, request: Request) -> ManagementError {
        switch error.status {
        case .notFound:
            return ManagementError(
                .notFound,
                "there is no \(request.method) \(request.uri.path) in the management API; see 'hearth --help' for the commands"
            )
        case .contentTooLarge:
            return ManagementError(.payloadTooLarge, error.body ?? "the request body is too large")
        case .methodNotAllowed:
            return ManagementError(.badRequest, "\(request.method) is not allowed on \(request.uri.path)")
        default:
            return ManagementError(error.status.code >= 500 ? .internalError : .badRequest, error.body ?? error.status.reasonPhrase)
        }
    }
}
