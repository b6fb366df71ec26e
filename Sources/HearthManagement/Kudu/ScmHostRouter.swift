import HTTPTypes
import HearthCore
public import Hummingbird

/// The management role's responder: requests with two `Host` headers or a NUL in the path are
/// refused with 400 (``RequestHeadRules``, the same check as the function host's); requests for `{app}.scm.{baseDomain}` go to that app's Kudu
/// routes (their path is served as `/scm/{app}{path}`); every other request goes to the router
/// unchanged.
///
/// Hummingbird applies router middleware after a route is chosen, so the host-name form has to be
/// mapped before the router sees the request: this wrapper does that.
public struct ScmHostRouter<Inner: HTTPResponderBuilder>: HTTPResponderBuilder where Inner.Responder.Context == ManagementRequestContext {
    let inner: Inner
    let baseDomain: String

    /// Wraps a router.
    /// - Parameters:
    ///   - inner: The management router (``ManagementAPI/buildRouter()``).
    ///   - baseDomain: Apps' Kudu endpoints are `{app}.scm.{baseDomain}`.
    public init(_ inner: Inner, baseDomain: String) {
        self.inner = inner
        self.baseDomain = baseDomain
    }

    /// The wrapping responder.
    public func buildResponder() -> Responder {
        Responder(inner: inner.buildResponder(), endpoint: KuduEndpoint(configuration: ManagementConfiguration(baseDomain: baseDomain)))
    }

    /// Rewrites host-name-form Kudu requests to the path form, then calls the router.
    public struct Responder: HTTPResponder {
        public typealias Context = ManagementRequestContext
        let inner: Inner.Responder
        let endpoint: KuduEndpoint

        /// Answers one request.
        public func respond(to request: Request, context: Context) async throws -> Response {
            let hosts = (request.head.authority == nil ? 0 : 1) + request.headers[values: HTTPField.Name("Host")!].count
            if let problem = RequestHeadRules.problem(hostHeaders: hosts, path: request.head.path ?? "/") {
                return try ManagementError(.badRequest, problem).response(from: request, context: context)
            }
            guard let host = KuduEndpoint.host(of: request), let app = endpoint.app(fromHost: host) else {
                return try await inner.respond(to: request, context: context)
            }
            var head = request.head
            let path = head.path ?? "/"
            head.path = "/scm/\(app)" + (path.hasPrefix("/") ? path : "/" + path)
            return try await inner.respond(to: Request(head: head, body: request.body), context: context)
        }
    }
}
