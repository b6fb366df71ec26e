import Foundation

/// Builds the URLs callers use to invoke an app's HTTP functions, in the two forms the worker serves:
/// by host name (`http://{app}.{baseDomain}:{port}/{prefix}/{route}`) and by path
/// (`{workerPublicURL}/_app/{app}/{prefix}/{route}`).
package struct FunctionURLBuilder {
    let baseDomain: String
    let workerPublicURL: String

    package init(configuration: ManagementConfiguration) {
        baseDomain = configuration.baseDomain
        workerPublicURL = configuration.workerPublicURL
    }

    func hostURL(app: String, routePrefix: String, route: String) -> String {
        let components = URLComponents(string: workerPublicURL)
        let scheme = components?.scheme ?? "http"
        let port = components?.port.map { ":\($0)" } ?? ""
        return "\(scheme)://\(app).\(baseDomain)\(port)\(Self.path(routePrefix: routePrefix, route: route))"
    }

    /// The app's own URL in the host form, `http://{app}.{baseDomain}:{port}/`: where its functions live.
    package func appURL(app: String) -> String {
        hostURL(app: app, routePrefix: "", route: "")
    }

    package func pathURL(app: String, routePrefix: String, route: String) -> String {
        var base = workerPublicURL
        while base.hasSuffix("/") { base.removeLast() }
        return "\(base)/_app/\(app)\(Self.path(routePrefix: routePrefix, route: route))"
    }

    /// `/{prefix}/{route}` without doubled or trailing slashes; an empty prefix means none.
    package static func path(routePrefix: String, route: String) -> String {
        let parts = [routePrefix, route]
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "/")) }
            .filter { !$0.isEmpty }
        return "/" + parts.joined(separator: "/")
    }
}
