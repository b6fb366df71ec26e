import Foundation
import HTTPTypes
import Hummingbird

/// Asks the ``PortalAuthenticator`` who sent the request and puts the answer on the context; a
/// request without a signed-in person is sent to `/signin` (303, with the page to return to).
struct PortalAuthMiddleware: RouterMiddleware {
    typealias Context = PortalRequestContext
    let authenticator: any PortalAuthenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let identity = try await authenticator.identify(request, context: context) else {
            var target = "/signin"
            if request.method == .get, let path = request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) {
                target += "?next=" + path
            }
            return Response(status: .seeOther, headers: [.location: target])
        }
        var context = context
        context.identity = identity
        return try await next(request, context)
    }
}
