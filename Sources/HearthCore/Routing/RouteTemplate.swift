/// An ASP.NET Core route template as Azure Functions uses it in an HTTP trigger's `route`.
///
/// Segments are literals (matched case-insensitively) or whole-segment parameters:
/// `{name}`, `{name?}` (optional), `{name=default}`, `{*rest}` / `{**rest}` (catch-all, last segment only),
/// with inline constraints such as `{id:int}`, `{id:int:min(1)}`, `{slug:regex(^[a-z-]+$)}` (see
/// ``RouteConstraint``). Optional and defaulted parameters may only be followed by further optional
/// segments or a catch-all. Leading and trailing slashes are ignored.
///
/// ```swift
/// let route = try RouteTemplate(parsing: "products/{category:alpha}/{id:int?}")
/// route.match("products/books/42")  // ["category": "books", "id": "42"]
/// route.match("products/books")     // ["category": "books"]
/// ```
public struct RouteTemplate: Sendable, Hashable, CustomStringConvertible {
    /// The template as written.
    public var template: String
    /// The parsed segments.
    public let segments: [Segment]
    /// Per segment, a literal's lower-cased UTF-8 when the literal is all ASCII (`nil` otherwise):
    /// what ``match(_:)`` compares an ASCII path segment with, byte by byte, instead of lower-casing
    /// both per request.
    let asciiLiterals: [[UInt8]?]

    /// One `/`-separated part of a template.
    public enum Segment: Sendable, Hashable {
        /// Literal text, matched case-insensitively.
        case literal(String)
        /// A parameter that takes a whole segment (or, for a catch-all, the rest of the path).
        case parameter(Parameter)
    }

    /// A `{…}` parameter.
    public struct Parameter: Sendable, Hashable {
        /// The parameter name.
        public var name: String
        /// Inline constraints, in template order.
        public var constraints: [RouteConstraint]
        /// `{name?}`.
        public var isOptional: Bool
        /// `{*name}` or `{**name}`.
        public var isCatchAll: Bool
        /// `{name=value}`.
        public var defaultValue: String?
    }

    /// Parses a route template.
    /// - Parameter template: e.g. `"products/{id:int}"`. `""` matches only the empty path.
    /// - Throws: ``HearthError`` with code ``HearthError/Code/invalidRoute`` describing the problem and the fix.
    public init(parsing template: String) throws(HearthError) {
        self.template = template
        self.segments = try RouteTemplateParser.parse(template)
        self.asciiLiterals = segments.map { segment in
            guard case .literal(let literal) = segment, literal.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
            return literal.utf8.map(asciiLowercased)
        }
    }

    /// The template as written.
    public var description: String { template }

    /// The parameter names, in template order.
    public var parameterNames: [String] {
        segments.compactMap { if case .parameter(let p) = $0 { p.name } else { nil } }
    }

    /// Matches a request path and returns the parameter values, or `nil` if it does not match.
    ///
    /// Values are percent-decoded. Omitted optional parameters are absent; omitted defaulted parameters
    /// have their default; a catch-all gets the rest of the path joined with `/` (absent if empty).
    /// - Parameter path: The path without the route prefix and without the query, e.g. `"products/books/42"`.
    public func match(_ path: String) -> [String: String]? { match(path[...]) }

    /// ``match(_:)-(String)`` for a path read in place (the front's path is a slice of the request target).
    ///
    /// An ASCII path (every path a client percent-encodes) is matched on its bytes
    /// (``matchASCII(_:)``); any other by Characters, as Swift compares and splits text.
    public func match(_ path: Substring) -> [String: String]? {
        var isASCII = false
        var values: [String: String]?
        let contiguous: Void? = path.utf8.withContiguousStorageIfAvailable { bytes in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return }
            isASCII = true
            values = matchASCII(bytes)
        }
        if contiguous != nil, isASCII { return values }
        return matchByCharacter(String(path))
    }

    /// The general rule, for paths that hold non-ASCII text: the path split into Characters' segments.
    func matchByCharacter(_ path: String) -> [String: String]? {
        let trimmed = path.trimmingSlashes()
        let parts = trimmed.isEmpty ? [] : trimmed.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var values: [String: String] = [:]
        for (i, segment) in segments.enumerated() {
            switch segment {
            case .literal(let literal):
                guard i < parts.count, parts[i].removingPercentEncodingIfValid().equalsIgnoringCase(literal) else { return nil }
            case .parameter(let parameter) where parameter.isCatchAll:
                let rest = parts.count > i ? parts[i...].map { $0.removingPercentEncodingIfValid() }.joined(separator: "/") : ""
                return Self.bindCatchAll(parameter, rest: rest, into: &values) ? values : nil
            case .parameter(let parameter):
                guard i < parts.count else {
                    if let value = parameter.defaultValue {
                        values[parameter.name] = value
                        continue
                    }
                    if parameter.isOptional { continue }
                    return nil
                }
                let value = parts[i].removingPercentEncodingIfValid()
                guard !value.isEmpty, parameter.constraints.allSatisfy({ $0.accepts(value) }) else { return nil }
                values[parameter.name] = value
            }
        }
        return parts.count <= segments.count ? values : nil
    }

    /// Puts a catch-all's value in `values`: `rest` (the rest of the path, decoded and joined with
    /// `/`) when not empty, else the parameter's default if it has one. `false` when a constraint
    /// refuses `rest` (the route does not match).
    static func bindCatchAll(_ parameter: Parameter, rest: String, into values: inout [String: String]) -> Bool {
        if !rest.isEmpty {
            guard parameter.constraints.allSatisfy({ $0.accepts(rest) }) else { return false }
            values[parameter.name] = rest
        } else if let value = parameter.defaultValue {
            values[parameter.name] = value
        }
        return true
    }

    /// Templates with the same key accept the same paths apart from constraints: literals lower-cased,
    /// parameters reduced to their kind.
    var equivalenceKey: String {
        segments.map { segment in
            switch segment {
            case .literal(let literal): literal.lowercased()
            case .parameter(let p): p.isCatchAll ? "{*}" : (p.isOptional || p.defaultValue != nil) ? "{?}" : "{}"
            }
        }.joined(separator: "/")
    }

    /// ASP.NET Core inbound precedence digits, one per segment: literal 1, constrained parameter 3,
    /// parameter 4, optional or defaulted parameter and catch-all 5. Lower sorts first.
    var precedence: [Int] {
        segments.map { segment in
            switch segment {
            case .literal: 1
            case .parameter(let p) where p.isCatchAll || p.isOptional || p.defaultValue != nil: 5
            case .parameter(let p): p.constraints.isEmpty ? 4 : 3
            }
        }
    }
}

extension String {
    /// The string without leading and trailing `/`.
    func trimmingSlashes() -> Substring {
        guard let start = firstIndex(where: { $0 != "/" }) else { return "" }
        let end = lastIndex(where: { $0 != "/" })!
        return self[start...end]
    }

    /// Percent-decoded text, or the text itself if it holds an invalid escape.
    func removingPercentEncodingIfValid() -> String {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var utf8 = Array(self.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%") {
                guard utf8.count >= 2, let high = Self.hexDigit(utf8[utf8.startIndex]), let low = Self.hexDigit(utf8[utf8.startIndex + 1]) else {
                    return self
                }
                bytes.append(high << 4 | low)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? self
    }

    private static func hexDigit(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Case-insensitive equality (Unicode-aware lower-casing).
    func equalsIgnoringCase(_ other: String) -> Bool {
        self == other || lowercased() == other.lowercased()
    }
}
