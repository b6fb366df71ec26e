import HTTPTypes
import HearthCore
public import Hummingbird
import NIOCore

/// The management listener's responder when it also serves the portal: `/api…`, `/scm…`, the
/// `{app}.scm.{baseDomain}` host and malformed request heads go to the management router (through
/// ``ScmHostRouter``, which refuses the malformed ones); every other request goes to the portal.
///
/// The two routers have their own request contexts (the API's caller is a token, the portal's a
/// signed-in person), so they are composed here, at the responder level: each request gets the
/// context of the router it goes to, made from the same channel. A session cookie therefore never
/// reaches `/api`, which accepts bearer tokens only.
///
/// ```swift
/// let door = ManagementFrontDoor(management: api.buildRouter(), portal: portal.buildRouter(), baseDomain: "example.com")
/// let app = api.makeApplication(configuration: configuration, router: door)
/// ```
public struct ManagementFrontDoor<Portal: HTTPResponderBuilder>: HTTPResponderBuilder
where Portal.Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
    let management: ScmHostRouter<Router<ManagementRequestContext>>
    let portal: Portal
    let endpoint: KuduEndpoint

    /// - Parameters:
    ///   - management: The management router (``ManagementAPI/buildRouter()``).
    ///   - portal: The portal's router.
    ///   - baseDomain: Apps' Kudu endpoints are `{app}.scm.{baseDomain}`.
    public init(management: Router<ManagementRequestContext>, portal: Portal, baseDomain: String) {
        self.management = ScmHostRouter(management, baseDomain: baseDomain)
        self.portal = portal
        self.endpoint = KuduEndpoint(configuration: ManagementConfiguration(baseDomain: baseDomain))
    }

    /// The composed responder.
    public func buildResponder() -> Responder {
        Responder(management: management.buildResponder(), portal: portal.buildResponder(), endpoint: endpoint)
    }

    /// Whether a request belongs to the management router rather than the portal.
    static func isManagement(path: String, host: String?, hostHeaders: Int, endpoint: KuduEndpoint) -> Bool {
        if RequestHeadRules.problem(hostHeaders: hostHeaders, path: path) != nil { return true }
        for prefix in ["/api", "/scm"] where path == prefix || path.hasPrefix(prefix + "/") || path.hasPrefix(prefix + "?") {
            return true
        }
        if let host, endpoint.app(fromHost: host) != nil { return true }
        return false
    }

    /// Sends each request to the management router or the portal.
    public struct Responder: HTTPResponder {
        public typealias Context = ManagementFrontDoorContext
        let management: ScmHostRouter<Router<ManagementRequestContext>>.Responder
        let portal: Portal.Responder
        let endpoint: KuduEndpoint

        /// Answers one request.
        public func respond(to request: Request, context: Context) async throws -> Response {
            let hosts = (request.head.authority == nil ? 0 : 1) + request.headers[values: HTTPField.Name("Host")!].count
            let path = request.head.path ?? "/"
            if ManagementFrontDoor.isManagement(path: path, host: KuduEndpoint.host(of: request), hostHeaders: hosts, endpoint: endpoint) {
                return try await management.respond(to: request, context: ManagementRequestContext(source: context.source))
            }
            return try await portal.respond(to: request, context: Portal.Responder.Context(source: context.source))
        }
    }
}

/// The request context of ``ManagementFrontDoor``: it keeps the channel and logger so the router
/// a request goes to can make its own context from them.
public struct ManagementFrontDoorContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The request's channel.
    let channel: any Channel

    /// Creates a context for a request.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// The request's channel and logger, for the context of the router it goes to.
    var source: ApplicationRequestContextSource {
        ApplicationRequestContextSource(channel: channel, logger: logger)
    }
}
