/// The HTTP routes of one app, resolved in ASP.NET Core precedence order.
///
/// Routes are tried segment by segment from most to least specific: a literal beats a constrained
/// parameter, which beats a plain parameter, which beats an optional or catch-all parameter. Routes of
/// equal precedence are ordered by function name.
///
/// ```swift
/// let table = RouteTable([
///     .init(functionName: "GetItem", route: try RouteTemplate(parsing: "items/{id:int}"), methods: ["GET"]),
///     .init(functionName: "Special", route: try RouteTemplate(parsing: "items/special"), methods: nil),
/// ])
/// table.resolve(method: "GET", path: "items/42")  // .matched(functionName: "GetItem", parameters: ["id": "42"])
/// ```
public struct RouteTable: Sendable {
    /// One function's route.
    public struct Entry: Sendable {
        /// The function that serves the route.
        public var functionName: String
        /// The route template (without the app's route prefix).
        public var route: RouteTemplate
        /// Upper-cased HTTP methods; `nil` accepts every method.
        public var methods: Set<String>?

        /// Creates an entry.
        /// - Parameters:
        ///   - functionName: The function name.
        ///   - route: Its route template.
        ///   - methods: Accepted methods (any case); `nil` for all.
        public init(functionName: String, route: RouteTemplate, methods: Set<String>?) {
            self.functionName = functionName
            self.route = route
            self.methods = methods.map { Set($0.map { $0.uppercased() }) }
        }
    }

    /// The outcome of ``resolve(method:path:)``.
    public enum Resolution: Sendable, Equatable {
        /// A function accepts the path and method.
        case matched(functionName: String, parameters: [String: String])
        /// Functions match the path but none accepts the method (HTTP 405); `allowed` lists their methods.
        case methodNotAllowed(allowed: Set<String>)
        /// No function matches the path (HTTP 404).
        case notFound
    }

    /// The entries in resolution order.
    public let entries: [Entry]

    /// Creates a table; the order of `entries` does not matter.
    /// - Parameter entries: One entry per enabled HTTP function.
    public init(_ entries: [Entry]) {
        self.entries = entries.sorted { a, b in
            let pa = a.route.precedence
            let pb = b.route.precedence
            if pa != pb { return pa.lexicographicallyPrecedes(pb) }
            let na = a.functionName.lowercased()
            let nb = b.functionName.lowercased()
            return na != nb ? na < nb : a.functionName < b.functionName
        }
    }

    /// Finds the function for a request.
    /// - Parameters:
    ///   - method: The HTTP method (any case).
    ///   - path: The path without the route prefix and without the query.
    public func resolve(method: String, path: String) -> Resolution {
        switch resolveEntry(method: method, path: path[...]) {
        case .matched(let index, let parameters): .matched(functionName: entries[index].functionName, parameters: parameters)
        case .methodNotAllowed(let allowed): .methodNotAllowed(allowed: allowed)
        case .notFound: .notFound
        }
    }

    /// ``resolve(method:path:)`` naming the matched entry by its index in ``entries``, for a path
    /// read in place: a caller that keeps something per entry (the worker's function per route)
    /// finds it without a lookup by name.
    package enum EntryResolution: Sendable, Equatable {
        case matched(entry: Int, parameters: [String: String])
        case methodNotAllowed(allowed: Set<String>)
        case notFound
    }

    /// Finds the entry for a request, as ``resolve(method:path:)`` finds its function.
    package func resolveEntry(method: String, path: Substring) -> EntryResolution {
        // Methods come upper-cased (GET, POST): no copy unless a byte needs changing.
        let needsUppercasing = method.utf8.contains { $0 >= 0x80 || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) }
        let method = needsUppercasing ? method.uppercased() : method
        var allowed: Set<String> = []
        for (index, entry) in entries.enumerated() {
            guard let parameters = entry.route.match(path) else { continue }
            guard let methods = entry.methods else {
                return .matched(entry: index, parameters: parameters)
            }
            if methods.contains(method) {
                return .matched(entry: index, parameters: parameters)
            }
            allowed.formUnion(methods)
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
    }
}
