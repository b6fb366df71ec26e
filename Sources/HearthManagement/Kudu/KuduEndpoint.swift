import Foundation
import HTTPTypes
import Hummingbird

/// Where an app's Kudu-compatible endpoint is.
///
/// The management role serves it in two forms: by host name, `{app}.scm.{baseDomain}` (any path;
/// ``ScmHostRouter`` maps it onto the path form), and by path, `/scm/{app}/api/…`, for machines
/// without DNS. Publish profiles name ``ManagementConfiguration/scmURL`` when it is set, else the
/// path form on the address the caller used.
struct KuduEndpoint {
    static let defaultHost = "127.0.0.1:7070"
    let configuration: ManagementConfiguration

    /// The request's `Host`: NIO's HTTP/1 server puts the (first) `Host` line in `authority`; a
    /// `Host` field is a further one, which ``ScmHostRouter`` has already refused.
    static func host(of request: Request) -> String? {
        if let authority = request.head.authority, !authority.isEmpty { return authority }
        return HTTPField.Name("Host").flatMap { request.headers[$0] }
    }

    /// The app a host name addresses in the host-name form, if it is `{app}.scm.{baseDomain}[:port]`.
    func app(fromHost host: String) -> String? {
        var name = host.lowercased()
        if let colon = name.lastIndex(of: ":"), !name.hasSuffix("]") { name = String(name[..<colon]) }
        let suffix = ".scm." + configuration.baseDomain.lowercased()
        guard name.hasSuffix(suffix) else { return nil }
        let app = String(name.dropLast(suffix.count))
        guard !app.isEmpty, !app.contains(".") else { return nil }
        return app
    }

    /// The `publishUrl` of the app's profile.
    func publicURL(app: String, request: Request) -> String {
        if let template = configuration.scmURL, !template.isEmpty {
            var url = template.replacingOccurrences(of: "{app}", with: app)
            while url.hasSuffix("/") { url.removeLast() }
            return url
        }
        return "\(configuration.scheme)://\(Self.host(of: request) ?? Self.defaultHost)/scm/\(app)"
    }

    /// The base the caller used for this request (host-name or path form), for `Location` headers
    /// and the `url`/`log_url` of deployment records: `{scheme}://{host}[/scm/{app}]`.
    func requestBase(app: String, request: Request) -> String {
        let scheme = configuration.scmURL.flatMap { URLComponents(string: $0)?.scheme } ?? configuration.scheme
        let host = Self.host(of: request) ?? Self.defaultHost
        if self.app(fromHost: host) != nil { return "\(scheme)://\(host)" }
        return "\(scheme)://\(host)/scm/\(app)"
    }
}
