import Foundation
import HTTPTypes
import HearthManagement
import Hummingbird
import NIOCore
import NIOFoundationCompat

/// The one place state-changing portal requests are checked for a CSRF token. Every method but GET
/// and HEAD has its body read here (at most ``maxBody`` bytes); a urlencoded form is parsed onto
/// the context (its `csrf` field is the token), any other body is kept raw and carries the token in
/// an `X-CSRF-Token` header. A missing or wrong token is a 403 and the page never runs.
struct PortalCSRFMiddleware: RouterMiddleware {
    typealias Context = PortalRequestContext
    let verifier: any PortalCSRFVerifier
    let maxBody: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        let identity = try context.requireIdentity()
        var context = context
        var request = request
        let body = try await request.collectBody(upTo: maxBody)
        var submitted = request.headers[HTTPField.Name("X-CSRF-Token")!]
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        if contentType.hasPrefix("application/x-www-form-urlencoded") {
            context.form = PortalForm(urlencoded: String(buffer: body))
            submitted = context.form["csrf"] ?? submitted
        } else if contentType.hasPrefix("multipart/form-data"),
            let multipart = MultipartForm(contentType: request.headers[.contentType] ?? "", body: Data(buffer: body))
        {
            context.form = PortalForm(fields: multipart.fields)
            context.upload = multipart.file
            submitted = context.form["csrf"] ?? submitted
        } else {
            context.rawBody = body
        }
        guard try await verifier.verify(submitted, identity: identity, request: request) else {
            throw ManagementError(.forbidden, "this form has expired or did not come from the portal; reload the page and try again")
        }
        return try await next(request, context)
    }
}
