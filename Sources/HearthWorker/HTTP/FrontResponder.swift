import Foundation
import HTTPTypes
import HearthCore
import Hummingbird
import Logging
import NIOCore

/// The worker's HTTP front: finds the app (by host name, custom host name, or the path form
/// `/_app/{app}/…`), the function (route prefix, methods, route template), checks the key against
/// the function's `authLevel`, and runs the invocation.
struct FrontResponder: HTTPResponder {
    typealias Context = FrontRequestContext

    let catalog: AppCatalog
    let invoker: Invoker
    let configuration: WorkerConfiguration
    let proxies: TrustedProxies
    let logger: Logger

    /// The worker's own health, for load balancers and operators (reserved on every host name).
    static let healthPath = "/_hearth/health"

    func respond(to request: Request, context: Context) async throws -> Response {
        let trusted = proxies.contains(context.remoteAddress)
        let hostHeader = (trusted ? request.headers[values: HTTPField.Name("X-Forwarded-Host")!].first : nil) ?? request.head.authority ?? ""
        let host = Self.stripPort(hostHeader).lowercased()
        let scheme = (trusted ? request.headers[values: HTTPField.Name("X-Forwarded-Proto")!].first : nil) ?? "http"
        let rawPath = request.uri.path
        if rawPath == Self.healthPath { return try await health() }

        guard let (app, appPath) = await resolveApp(host: host, path: rawPath) else {
            return Self.plain(.notFound, "No function app is served at \(host.isEmpty ? "this address" : host)\(rawPath). Use http://{app}.\(configuration.baseDomain):{port}/… or the path form /\(configuration.pathFormPrefix)/{app}/….")
        }
        let prefix = app.model.host.routePrefix.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        var routePath = appPath
        if !prefix.isEmpty {
            let head = "/" + prefix
            guard routePath.lowercased() == head.lowercased() || routePath.lowercased().hasPrefix(head.lowercased() + "/") else {
                return Self.plain(.notFound, "Not found: function routes of '\(app.record.name)' start with /\(prefix)/")
            }
            routePath = String(routePath.dropFirst(head.count))
        }
        let method = request.method.rawValue
        let resolution = app.routes.resolve(method: method, path: routePath)
        let functionName: String
        let parameters: [String: String]
        switch resolution {
        case .matched(let name, let params):
            functionName = name
            parameters = params
        case .methodNotAllowed(let allowed):
            var response = Self.plain(.methodNotAllowed, "Method \(method) is not allowed here; use \(allowed.sorted().joined(separator: ", ")).")
            response.headers[.allow] = allowed.sorted().joined(separator: ", ")
            return response
        case .notFound:
            return Self.plain(.notFound, "Not found: no function of '\(app.record.name)' matches \(method) \(appPath)")
        }
        guard let function = app.function(named: functionName), case .http(let trigger) = function.trigger, !function.disabled else {
            return Self.plain(.notFound, "Not found")
        }

        let query = Self.parseQuery(request.uri.query)
        let presentedKey = request.headers[values: HTTPField.Name("x-functions-key")!].first ?? query.first { $0.0 == "code" }?.1
        let granted = app.keys.authorizationLevel(for: presentedKey, function: function.name).level
        guard granted >= trigger.authLevel else {
            return Self.plain(.unauthorized, "Unauthorized: this function needs a \(trigger.authLevel.jsonName) key in the x-functions-key header or the code query parameter.")
        }

        let body = try await request.body.collect(upTo: configuration.maxRequestBodyBytes)
        let headers = request.headers.map { (name: $0.name.rawName, value: $0.value) }
        let queryString = request.uri.query.map { "?" + $0 } ?? ""
        let incoming = CustomHandlerPayload.Request(
            url: "\(scheme)://\(hostHeader)\(rawPath)\(queryString)", method: method, query: query, headers: headers, body: body)
        let forwardTarget = appPath + queryString
        let reply = await invoker.invokeHTTP(
            app: app, function: function, trigger: trigger, request: incoming, parameters: parameters, forwardTarget: forwardTarget)
        return Self.response(reply)
    }

    /// The app a request is for, and the path as the app sees it (always starting with `/`).
    private func resolveApp(host: String, path: String) async -> (LoadedApp, String)? {
        if let found = lookup(host: host, path: path) { return found }
        // A deployment or app created a moment ago: look at the store once before answering 404.
        await catalog.refresh()
        return lookup(host: host, path: path)
    }

    private func lookup(host: String, path: String) -> (LoadedApp, String)? {
        let suffix = "." + configuration.baseDomain.lowercased()
        if host.hasSuffix(suffix) {
            let label = String(host.dropLast(suffix.count))
            if !label.contains("."), let app = catalog.app(named: label) { return (app, path) }
        }
        if let app = catalog.app(hostName: host) { return (app, path) }
        let form = "/" + configuration.pathFormPrefix + "/"
        if path.hasPrefix(form) {
            let rest = path.dropFirst(form.count)
            let name = rest.prefix { $0 != "/" }
            if let app = catalog.app(named: String(name)) {
                let remainder = String(rest.dropFirst(name.count))
                return (app, remainder.isEmpty ? "/" : remainder)
            }
        }
        return nil
    }

    static func stripPort(_ host: String) -> String {
        if host.hasPrefix("[") { return String(host.prefix { $0 != "]" }.dropFirst()) }
        return String(host.prefix { $0 != ":" })
    }

    /// `a=1&b=x%20y&a=2` → `[("a","1"), ("b","x y"), ("a","2")]` (`+` is a space, as in forms).
    static func parseQuery(_ query: String?) -> [(String, String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text + "\n")))
    }

    static func response(_ message: HTTPMessage) -> Response {
        var headers = HTTPFields()
        for (name, value) in message.headers {
            guard let field = HTTPField.Name(name), !CustomHandlerHost.hopByHop.contains(name.lowercased()) else { continue }
            headers.append(HTTPField(name: field, value: value))
        }
        return Response(status: HTTPResponse.Status(code: message.status), headers: headers, body: ResponseBody(byteBuffer: message.body))
    }

    /// `{"status": "ok", "apps": N, "pythonPool": {"size": N, "ready": N}}`.
    private func health() async throws -> Response {
        var fields: [(key: String, value: JSONValue)] = [("status", .string("ok")), ("apps", .number(String(catalog.snapshot.apps.count)))]
        if let pool = catalog.pythonPool {
            fields.append(("pythonPool", .object([("size", .number(String(pool.size))), ("ready", .number(String(await pool.readyCount)))])))
        }
        var response = Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: JSONValue.object(fields).serialized(pretty: false))))
        response.headers[.contentType] = "application/json"
        return response
    }
}
