import Foundation

/// An inline route constraint (`{id:int}`, `{name:length(3,20)}` …), checked against a segment's decoded value.
///
/// Semantics follow ASP.NET Core's built-in constraints with the invariant culture.
public enum RouteConstraint: Sendable, Hashable, CustomStringConvertible {
    /// A 32-bit integer.
    case int
    /// A 64-bit integer.
    case long
    /// `true` or `false`, in any case.
    case bool
    /// An ISO 8601 date or date and time (`2026-03-29`, `2026-03-29T02:30:00Z`).
    case datetime
    /// A decimal number without exponent (`-12.50`).
    case decimal
    /// A floating-point number (`1.5e3`).
    case double
    /// A floating-point number (`1.5`).
    case float
    /// A GUID (`D`, `N`, `B` or `P` format).
    case guid
    /// One or more ASCII letters.
    case alpha
    /// At least `n` characters.
    case minLength(Int)
    /// At most `n` characters.
    case maxLength(Int)
    /// Between `min` and `max` characters (inclusive); `length(n)` is `length(n, n)`.
    case length(min: Int, max: Int)
    /// An integer ≥ `n`.
    case min(Int64)
    /// An integer ≤ `n`.
    case max(Int64)
    /// An integer in `a...b`.
    case range(Int64, Int64)
    /// A regular expression that must match somewhere in the value (case-insensitive; anchor it with `^…$`).
    case regex(String)

    /// The constraint as written in a template, e.g. `length(3,20)`.
    public var description: String {
        switch self {
        case .int: "int"
        case .long: "long"
        case .bool: "bool"
        case .datetime: "datetime"
        case .decimal: "decimal"
        case .double: "double"
        case .float: "float"
        case .guid: "guid"
        case .alpha: "alpha"
        case .minLength(let n): "minlength(\(n))"
        case .maxLength(let n): "maxlength(\(n))"
        case .length(let a, let b): a == b ? "length(\(a))" : "length(\(a),\(b))"
        case .min(let n): "min(\(n))"
        case .max(let n): "max(\(n))"
        case .range(let a, let b): "range(\(a),\(b))"
        case .regex(let pattern): "regex(\(pattern))"
        }
    }

    /// Whether `value` (already percent-decoded) satisfies the constraint.
    /// - Parameter value: The segment value.
    public func accepts(_ value: String) -> Bool {
        switch self {
        case .int: return Self.integer(value).map { Int32(exactly: $0) != nil } ?? false
        case .long: return Self.integer(value) != nil
        case .bool: return ["true", "false"].contains(value.lowercased())
        case .datetime: return Self.isDateTime(value)
        case .decimal: return Self.isDecimal(value)
        case .double, .float:
            guard value.allSatisfy(\.isASCII), let d = Double(value) else { return false }
            return d.isFinite || ["nan", "infinity", "-infinity", "+infinity"].contains(value.lowercased())
        case .guid: return Self.isGUID(value)
        case .alpha: return !value.isEmpty && value.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }
        case .minLength(let n): return value.count >= n
        case .maxLength(let n): return value.count <= n
        case .length(let a, let b): return (a...b).contains(value.count)
        case .min(let n): return Self.integer(value).map { $0 >= n } ?? false
        case .max(let n): return Self.integer(value).map { $0 <= n } ?? false
        case .range(let a, let b): return Self.integer(value).map { (a...b).contains($0) } ?? false
        case .regex(let pattern):
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return false }
            return regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
        }
    }

    /// Whether `pattern` compiles as a regular expression.
    static func isValidPattern(_ pattern: String) -> Bool {
        (try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive])) != nil
    }

    private static func integer(_ value: String) -> Int64? {
        guard value.allSatisfy(\.isASCII) else { return nil }
        let digits = value.first == "-" || value.first == "+" ? value.dropFirst() : Substring(value)
        guard !digits.isEmpty, digits.allSatisfy(\.isNumber) else { return nil }
        return Int64(value.first == "+" ? String(digits) : value)
    }

    private static func isDecimal(_ value: String) -> Bool {
        var rest = Substring(value)
        if rest.first == "-" || rest.first == "+" { rest = rest.dropFirst() }
        let parts = rest.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard !rest.isEmpty, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return false }
        return parts.contains { !$0.isEmpty }
    }

    private static func isGUID(_ value: String) -> Bool {
        let isHex: (Character) -> Bool = { $0.isHexDigit && $0.isASCII }
        if value.count == 32 { return value.allSatisfy(isHex) }  // "N" format
        var body = Substring(value)
        if (value.hasPrefix("{") && value.hasSuffix("}")) || (value.hasPrefix("(") && value.hasSuffix(")")) {
            body = body.dropFirst().dropLast()
        }
        let groups = body.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(isHex) }
    }

    private static func isDateTime(_ value: String) -> Bool {
        let dateOnly = Date.ISO8601FormatStyle().year().month().day().dateSeparator(.dash)
        if (try? Date(value, strategy: dateOnly)) != nil { return true }
        var text = value.replacingOccurrences(of: " ", with: "T")
        let hasZone = text.hasSuffix("Z") || text.hasSuffix("z") || text.range(of: #"[+-]\d\d:?\d\d$"#, options: .regularExpression) != nil
        if !hasZone { text += "Z" }
        let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        if (try? Date(text, strategy: withFraction)) != nil || (try? Date(text, strategy: .iso8601)) != nil { return true }
        // Minutes without seconds: 2026-03-29T02:30
        if text.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d(Z|[+-]\d\d:?\d\d)$"#, options: .regularExpression) != nil {
            let zoneStart = text.index(text.startIndex, offsetBy: 16)
            return (try? Date(String(text[..<zoneStart]) + ":00" + text[zoneStart...], strategy: .iso8601)) != nil
        }
        return false
    }
}
