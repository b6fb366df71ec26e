import HTTPTypes
import HearthManagement
import Hummingbird
import Logging

/// Turns a failed page into an HTML error page with the API's status and message for the same
/// failure (404 for anything of another tenant, 403 for a reader's change); anything else is a
/// 500 whose cause is logged, never shown.
struct PortalErrorMiddleware: RouterMiddleware {
    typealias Context = PortalRequestContext
    let renderer: PortalRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let redirect as PortalRedirect {
            return redirect.response
        } catch {
            let status: HTTPResponse.Status
            let message: String
            if let managementError = ManagementError.converting(error) {
                status = managementError.status
                message = managementError.message
            } else if let httpError = error as? HTTPError {
                status = httpError.status
                message = httpError.body ?? status.reasonPhrase
            } else {
                // The route's pattern, not the path: a path can hold a one-time setup token.
                context.logger.error("portal page failed", metadata: ["route": "\(context.endpointPath ?? "?")", "error": "\(error)"])
                status = .internalServerError
                message = "something went wrong; the details are in the management log"
            }
            let model: [String: Any] = [
                "title": "\(status.code) \(status.reasonPhrase)",
                "status": status.code,
                "message": message,
            ]
            return renderer.page("error", model, identity: context.identity, status: status)
        }
    }
}
