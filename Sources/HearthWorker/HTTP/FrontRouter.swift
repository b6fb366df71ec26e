import Foundation
import HTTPTypes
import HearthCore
import NIOCore

/// Decides what the worker's HTTP front does with a request, without waiting for anything: finds
/// the app (by host name, custom host name, or the path form `/_app/{app}/…`), the function (route
/// prefix, methods, route template), and checks the key against the function's `authLevel`. Both
/// ways of serving a request use it: ``FrontResponder`` (every request) and ``FrontFastPath``
/// (warm custom handlers).
struct FrontRouter: Sendable {
    let catalog: AppCatalog
    let configuration: WorkerConfiguration
    let proxies: TrustedProxies
    /// `/{pathFormPrefix}/`, the path form's start, made once (per request it was three appends).
    private let pathForm: String
    /// ``pathForm``'s bytes when it is all ASCII: an ASCII path is compared with them byte by byte.
    private let asciiPathForm: [UInt8]?
    /// `.{base domain}` lower-cased: the end of every app's default host name.
    private let domainSuffix: String

    init(catalog: AppCatalog, configuration: WorkerConfiguration, proxies: TrustedProxies) {
        self.catalog = catalog
        self.configuration = configuration
        self.proxies = proxies
        pathForm = "/" + configuration.pathFormPrefix + "/"
        asciiPathForm = pathForm.utf8.allSatisfy { $0 < 0x80 } ? Array(pathForm.utf8) : nil
        domainSuffix = "." + configuration.baseDomain.lowercased()
    }

    /// A request the front will invoke a function for.
    struct Call: Sendable {
        var app: LoadedApp
        var function: FunctionDefinition
        var trigger: HTTPTriggerDefinition
        var parameters: [String: String]
        /// The request as the function sees it, still without its body.
        var request: CustomHandlerPayload.Request
        /// Path and query as the app sees them (forwarding mode).
        var forwardTarget: String
    }

    /// A manual run through Azure's admin API (`POST /admin/functions/{name}` with the master key).
    struct AdminCall: Sendable {
        var app: LoadedApp
        var function: FunctionDefinition
        var trigger: TimerTriggerDefinition
    }

    /// A request for an app placed only on other workers (``FleetRoutes``): forwarded as it came.
    struct Forward: Sendable {
        var app: LoadedApp
        var peers: [FleetRoutes.Peer]
        /// The Host (with port) and scheme this worker decided, vouched for to the receiver.
        var host: String
        var scheme: String
    }

    enum Decision: Sendable {
        case call(Call)
        /// Send to another worker (``FleetForwarder``); never for a request forwarded already.
        case forward(Forward)
        /// Run a non-HTTP function now (``FrontResponder`` answers 202 once it ran).
        case admin(AdminCall)
        /// The front answers itself (404, 405, 401).
        case answer(HTTPMessage)
        /// No app is known at this host and path (yet: the catalog may be a moment behind).
        case unknownApp(host: String, path: String)
    }

    func decide(_ head: HTTPRequest, remoteAddress: SocketAddress?) -> Decision {
        if catalog.membership.isRevoked { return .answer(Self.revoked) }
        if let problem = RequestHeadRules.problem(hostHeaders: Self.hostHeaderCount(head), path: head.path ?? "/") {
            return .answer(Self.plain(400, problem))
        }
        // A request another worker forwarded: verified, it is served here whatever the placement
        // says (never forwarded again) and its X-Forwarded-* are believed; any other copy of the
        // header (a client's, a stale or forged one) is refused, never passed to a function.
        let forwardedValues = head.headerFields[values: Self.hearthForwarded]
        let fromPeer = !forwardedValues.isEmpty
        if fromPeer, case .failure(let refusal) = verifyForwarded(forwardedValues, head) {
            return .answer(
                Self.plain(403, "Forbidden: \(refusal). X-Hearth-Forwarded is reserved for requests between Hearth's workers.")
            )
        }
        let trusted = fromPeer || proxies.contains(remoteAddress)
        let hostHeader = (trusted ? head.headerFields[values: Self.forwardedHost].first : nil) ?? head.authority ?? ""
        let host = Self.stripPort(hostHeader).lowercasedIfNeeded()
        let scheme = (trusted ? head.headerFields[values: Self.forwardedProto].first : nil) ?? head.scheme ?? "http"
        let target = head.path ?? "/"
        // The first "?" byte ends the path (RFC 3986), looked for without walking the target by Character.
        let (queryStart, pathIsASCII) = Self.scan(target)
        // The path is looked at in place (a copy of it was an allocation per request).
        let rawPath = queryStart.map { target[..<$0] } ?? target[...]
        let rawQuery = queryStart.map { target[target.utf8.index(after: $0)...] }

        guard let (app, appPath, appPathInTarget) = lookup(host: host, path: rawPath, isASCII: pathIsASCII) else {
            return .unknownApp(host: host, path: String(rawPath))
        }
        if !fromPeer {
            switch catalog.routing.decide(appID: app.record.id) {
            case .local: break
            case .forward(let peers): return .forward(Forward(app: app, peers: peers, host: hostHeader, scheme: scheme))
            case .noWorker: return .answer(Self.noWorker(app: app.record.name))
            }
        }
        if let name = Self.adminFunctionName(appPath) { return decideAdmin(head, app: app, functionName: name) }
        guard let routePath = app.routePrefix.strip(appPath, isASCII: pathIsASCII) else {
            return .answer(Self.plain(404, "Not found: function routes of '\(app.record.name)' start with /\(app.routePrefix.trimmed)/"))
        }
        let method = head.method.rawValue
        let matched: FunctionDefinition?
        let parameters: [String: String]
        switch app.routes.resolveEntry(method: method, path: routePath) {
        case .matched(let entry, let params):
            // The entry's function as `app.function(named:)` finds it, taken by index (LoadedApp.routeFunctions).
            matched = app.routeFunctions[entry]
            parameters = params
        case .methodNotAllowed(let allowed):
            var answer = Self.plain(405, "Method \(method) is not allowed here; use \(allowed.sorted().joined(separator: ", ")).")
            answer.headers.append(("Allow", allowed.sorted().joined(separator: ", ")))
            return .answer(answer)
        case .notFound:
            return .answer(Self.plain(404, "Not found: no function of '\(app.record.name)' matches \(method) \(appPath)"))
        }
        guard let function = matched, case .http(let trigger) = function.trigger, !function.disabled else {
            return .answer(Self.plain(404, "Not found"))
        }

        let query = Self.parseQuery(slice: rawQuery)
        let presentedKey = head.headerFields[values: Self.functionsKey].first ?? query.first { $0.0 == "code" }?.1
        let granted = app.keys.authorizationLevel(for: presentedKey, function: function.name).level
        guard granted >= trigger.authLevel else {
            return .answer(
                Self.plain(
                    401,
                    "Unauthorized: this function needs a \(trigger.authLevel.jsonName) key in the x-functions-key header or the code query parameter."
                )
            )
        }
        var headers = head.headerFields.map { (name: $0.name.rawName, value: $0.value) }
        if fromPeer { headers.removeAll { $0.name.lowercased() == "x-hearth-forwarded" } }
        // Path and query as the app sees them: the rest of the target from the app's path on, in one copy.
        let forwardTarget = appPathInTarget ? String(target[appPath.startIndex...]) : String(appPath) + target[rawPath.endIndex...]
        let request = CustomHandlerPayload.Request(
            url: Self.url(scheme: scheme, host: hostHeader, target: target),
            method: method,
            query: query,
            headers: headers,
            body: ByteBuffer()
        )
        return .call(
            Call(app: app, function: function, trigger: trigger, parameters: parameters, request: request, forwardTarget: forwardTarget)
        )
    }

    /// The sender of a forwarded request's header (``ForwardingProof``), or why it is refused.
    private func verifyForwarded(_ values: [String], _ head: HTTPRequest) -> Result<UUID, ForwardingProof.Refusal> {
        let routing = catalog.routing
        return ForwardingProof.verify(
            values,
            method: head.method.rawValue,
            target: head.path ?? "/",
            authority: head.authority ?? "",
            key: routing.key,
            now: Date()
        ) { routing.current.isMember($0) }
    }

    /// The answer for an app placed only on workers that cannot be reached.
    static func noWorker(app: String) -> HTTPMessage {
        plain(503, "Service Unavailable: '\(app)' is placed on other workers and none of them is a reachable fleet member; try again shortly.")
    }

    /// `{name}` when `path` is Azure's admin route for running a function (`/admin/functions/{name}`,
    /// outside the route prefix as in Azure).
    static func adminFunctionName(_ path: some StringProtocol) -> String? {
        // Most paths are not admin routes: their first bytes say so without splitting the path.
        guard path.hasPrefixIgnoringASCIICase("/admin/") else { return nil }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].isEmpty, !parts[3].isEmpty else { return nil }
        guard parts[1].lowercased() == "admin", parts[2].lowercased() == "functions" else { return nil }
        return parts[3].removingPercentEncoding ?? String(parts[3])
    }

    /// The admin route: POST only, the master key in `x-functions-key` (401 otherwise, before
    /// anything about the app's functions is told), an enabled timer function (404 when unknown).
    private func decideAdmin(_ head: HTTPRequest, app: LoadedApp, functionName: String) -> Decision {
        let presented = head.headerFields[values: Self.functionsKey].first
        guard app.keys.authorizationLevel(for: presented, function: functionName).level == .admin else {
            let text = "Unauthorized: running a function through the admin API needs the master key in x-functions-key."
            return .answer(Self.plain(401, text))
        }
        guard head.method == .post else {
            var answer = Self.plain(405, "Method \(head.method.rawValue) is not allowed here; use POST.")
            answer.headers.append(("Allow", "POST"))
            return .answer(answer)
        }
        guard let function = app.function(named: functionName), !function.disabled else {
            return .answer(Self.plain(404, "Not found: '\(app.record.name)' has no enabled function named '\(functionName)'."))
        }
        guard case .timer(let trigger) = function.trigger else {
            return .answer(
                Self.plain(400, "Bad Request: '\(function.name)' is not a timer function; call an HTTP function at its URL.")
            )
        }
        return .admin(AdminCall(app: app, function: function, trigger: trigger))
    }

    /// The app a request is for, and the path as the app sees it (always starting with `/`).
    ///
    /// The path form is decided by the path: `/_app/{app}/…` reaches `{app}` or nothing, so no
    /// custom host name can capture path-form traffic (and the keys in it). On an app's own host
    /// (its default name or a custom one) the path form may name only that app: another app's code
    /// is never served from this app's origin, where it could read its cookies.
    ///
    /// The third value says whether the app's path is the request's own text (a slice of the target,
    /// which the forward target then continues) or the `/` standing for an empty path-form rest.
    ///
    /// An ASCII path is compared with an ASCII path form byte by byte; any other path by Characters,
    /// as Swift compares text (a `/` followed by a combining mark is not a `/`).
    private func lookup(host: String, path: Substring, isASCII: Bool) -> (LoadedApp, Substring, Bool)? {
        let hostApp = app(atHost: host)
        let split: (name: Substring, remainder: Substring)?
        if isASCII, let asciiPathForm {
            split = Self.splitPathForm(path, form: asciiPathForm)
        } else if path.hasPrefix(pathForm) {
            let rest = path.dropFirst(pathForm.count)
            let name = rest.prefix { $0 != "/" }
            split = (name, rest.dropFirst(name.count))
        } else {
            split = nil
        }
        if let (name, remainder) = split {
            guard let app = catalog.app(named: String(name)) else { return nil }
            if let hostApp, hostApp.record.name != app.record.name { return nil }
            return remainder.isEmpty ? (app, "/", false) : (app, remainder, true)
        }
        return hostApp.map { ($0, path, true) }
    }

    /// The app name and the rest of an ASCII `path` that starts with the path form's bytes `form`
    /// (`/_app/`), or `nil` when it does not; the name ends at the next `/`.
    static func splitPathForm(_ path: Substring, form: [UInt8]) -> (name: Substring, remainder: Substring)? {
        let bytes = path.utf8
        var index = bytes.startIndex
        for byte in form {
            guard index < bytes.endIndex, bytes[index] == byte else { return nil }
            index = bytes.index(after: index)
        }
        var end = index
        while end < bytes.endIndex, bytes[end] != UInt8(ascii: "/") { end = bytes.index(after: end) }
        return (path[index..<end], path[end...])
    }

    /// Where the query of a request target starts (its first `?` byte) and whether the path before it
    /// is all ASCII, in one walk over the bytes.
    static func scan(_ target: String) -> (queryStart: String.Index?, pathIsASCII: Bool) {
        let bytes = target.utf8
        var isASCII = true
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "?") { return (index, isASCII) }
            if byte >= 0x80 { isASCII = false }
            index = bytes.index(after: index)
        }
        return (nil, isASCII)
    }

    /// The app whose default host name (`{app}.{base domain}`) or custom host name `host` is.
    private func app(atHost host: String) -> LoadedApp? {
        if host.hasSuffix(domainSuffix) {
            let label = String(host.dropLast(domainSuffix.count))
            if !label.contains("."), let app = catalog.app(named: label) { return app }
        }
        return catalog.app(hostName: host)
    }

    /// The answer when no app is served at `host` and `path`.
    func noApp(host: String, path: String) -> HTTPMessage {
        Self.plain(
            404,
            "No function app is served at \(host.isEmpty ? "this address" : host)\(path). Use http://{app}.\(configuration.baseDomain):{port}/… or the path form /\(configuration.pathFormPrefix)/{app}/…."
        )
    }

    /// `scheme://host/path?query`, the request's URL as a function sees it (`target` is path and
    /// query as they came), written into one string of the right size: interpolating it grew the
    /// string twice, and appending four parts cost more than copying their bytes.
    static func url(scheme: String, host: String, target: String) -> String {
        let count = scheme.utf8.count + 3 + host.utf8.count + target.utf8.count
        return String(unsafeUninitializedCapacity: count) { buffer in
            var written = 0
            func write(_ part: String) {
                written += UnsafeMutableBufferPointer(rebasing: buffer[written...]).initialize(fromContentsOf: part.utf8)
            }
            write(scheme)
            write("://")
            write(host)
            write(target)
            return written
        }
    }

    /// NIO puts the first `Host` line in `authority` and leaves any further ones in the fields.
    static func hostHeaderCount(_ head: HTTPRequest) -> Int {
        (head.authority == nil ? 0 : 1) + head.headerFields[values: host].count
    }

    static let host = HTTPField.Name("Host")!
    static let forwardedHost = HTTPField.Name("X-Forwarded-Host")!
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    static let functionsKey = HTTPField.Name("x-functions-key")!
    static let hearthForwarded = HTTPField.Name(ForwardingProof.headerName)!

    static func stripPort(_ host: String) -> String {
        // Compared as a Character only when the first byte is "[" (a "[" with a combining mark is not "[").
        if host.utf8.first == UInt8(ascii: "["), host.hasPrefix("[") { return String(host.prefix { $0 != "]" }.dropFirst()) }
        guard let colon = host.utf8.firstIndex(of: UInt8(ascii: ":")) else { return host }
        return String(host[..<colon])
    }

    /// `a=1&b=x%20y&a=2` → `[("a","1"), ("b","x y"), ("a","2")]` (`+` is a space, as in forms).
    /// Empty pairs (`a&&b`) are skipped; a pair without `=` has an empty value.
    ///
    /// One walk over the bytes into one array: splitting into pairs, then each pair at `=`, made an
    /// array per pair and one for the pairs (three allocations for `?n=1`). `&` and `=` are found as
    /// bytes (RFC 3986 delimiters), so one followed by a combining mark still delimits.
    static func parseQuery(_ query: String?) -> [(String, String)] { parseQuery(slice: query?[...]) }

    /// ``parseQuery(_:)`` of a query read in place (a slice of the request target: no copy of it),
    /// through its contiguous UTF-8 bytes: walking the substring's UTF-8 view made a one-pair query
    /// cost ~2 k instructions (bench/README.md, "Invocation log write, fifth round, and the JSON payload"). `&` and `=`
    /// are ASCII, so every part starts and ends on a character boundary.
    static func parseQuery(slice query: Substring?) -> [(String, String)] {
        guard var query, !query.isEmpty else { return [] }
        return query.withUTF8 { bytes in
            var pairs: [(String, String)] = []
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: "&") { end += 1 }
                if start < end {
                    var equals = start
                    while equals < end, bytes[equals] != UInt8(ascii: "=") { equals += 1 }
                    if equals < end {
                        pairs.append((decodeQueryPart(bytes, start..<equals), decodeQueryPart(bytes, (equals + 1)..<end)))
                    } else {
                        pairs.append((decodeQueryPart(bytes, start..<end), ""))
                    }
                }
                start = end + 1
            }
            return pairs
        }
    }

    /// A query name or value (`range` of `bytes`) decoded (`+` is a space); kept as it came when it
    /// does not decode.
    private static func decodeQueryPart(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        let part = UnsafeBufferPointer(rebasing: bytes[range])
        let text = String(decoding: part, as: UTF8.self)
        // Most names and values have nothing to decode: no Foundation call for them.
        guard part.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) else { return text }
        return text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text
    }

    /// What a worker revoked from the fleet answers every request (a load balancer's health check
    /// takes it out).
    static var revoked: HTTPMessage {
        plain(503, "Service Unavailable: this worker was revoked from the fleet and takes no work; send requests to another worker.")
    }

    static func plain(_ status: Int, _ text: String) -> HTTPMessage {
        HTTPMessage(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: ByteBuffer(string: text + "\n"))
    }
}
