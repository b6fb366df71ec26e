import HTTPTypes
public import Hummingbird

/// Sets the portal's security headers on every response: a Content-Security-Policy that allows no
/// inline script or style and no framing, `nosniff`, a same-origin referrer policy, and
/// `Cache-Control: no-store` on everything but static assets.
public struct PortalSecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The policy: everything from the portal's own origin, images also as `data:` URLs.
    public static var contentSecurityPolicy: String {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    }

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        Self.apply(to: &response.headers, path: request.uri.path)
        return response
    }

    static func apply(to headers: inout HTTPFields, path: String) {
        headers[HTTPField.Name("Content-Security-Policy")!] = contentSecurityPolicy
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        if !path.hasPrefix("/static/") {
            headers[.cacheControl] = "no-store"
        }
    }
}
