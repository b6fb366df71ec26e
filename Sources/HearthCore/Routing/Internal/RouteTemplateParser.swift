import Foundation

/// Parses route template text into ``RouteTemplate/Segment``s.
enum RouteTemplateParser {
    static func parse(_ template: String) throws(HearthError) -> [RouteTemplate.Segment] {
        func fail(_ problem: String, fix: String) -> HearthError {
            HearthError(code: .invalidRoute, message: "route '\(template)' is not a valid route template: \(problem)", fix: fix)
        }
        var body = Substring(template)
        if body.hasPrefix("~/") { body = body.dropFirst() }
        if body.contains("?") && !body.contains("{") {
            throw fail("it contains '?'; a route has no query string", fix: "remove the query part; read query values from the request instead")
        }
        let trimmed = String(body).trimmingSlashes()
        guard !trimmed.isEmpty else { return [] }
        var segments: [RouteTemplate.Segment] = []
        var names: Set<String> = []
        for text in trimmed.split(separator: "/", omittingEmptySubsequences: false) {
            guard !text.isEmpty else {
                throw fail("it has an empty segment ('//')", fix: "remove the doubled '/'")
            }
            if text.first == "{" && text.last == "}" && text.count >= 2 && !text.hasPrefix("{{") {
                let parameter = try parseParameter(String(text.dropFirst().dropLast()), fail: fail)
                guard names.insert(parameter.name.lowercased()).inserted else {
                    throw fail("parameter '\(parameter.name)' appears twice", fix: "give each parameter a different name")
                }
                segments.append(.parameter(parameter))
            } else {
                let literal = text.replacingOccurrences(of: "{{", with: "{").replacingOccurrences(of: "}}", with: "}")
                if literal.contains("{") || literal.contains("}") {
                    throw fail(
                        "segment '\(text)' mixes text and parameters, which Hearth does not support",
                        fix: "make each parameter a whole segment, e.g. 'files/{name}' instead of 'files/{name}.{ext}'"
                    )
                }
                segments.append(.literal(literal))
            }
        }
        // Optional, defaulted and catch-all parameters may only come last.
        var sawOptional: String?
        for (i, segment) in segments.enumerated() {
            switch segment {
            case .parameter(let p) where p.isCatchAll:
                guard i == segments.count - 1 else {
                    throw fail("catch-all parameter '\(p.name)' is not the last segment", fix: "move '{*\(p.name)}' to the end of the route")
                }
            case .parameter(let p) where p.isOptional || p.defaultValue != nil:
                sawOptional = sawOptional ?? p.name
            default:
                if let optional = sawOptional {
                    throw fail(
                        "optional parameter '\(optional)' is followed by a required segment",
                        fix: "put optional parameters at the end of the route, or make '\(optional)' required"
                    )
                }
            }
        }
        return segments
    }

    private static func parseParameter(_ rawText: String, fail: (String, String) -> HearthError) throws(HearthError) -> RouteTemplate.Parameter {
        let text = rawText.replacingOccurrences(of: "{{", with: "{").replacingOccurrences(of: "}}", with: "}")
        var rest = Substring(text)
        var isCatchAll = false
        if rest.hasPrefix("**") {
            isCatchAll = true
            rest = rest.dropFirst(2)
        } else if rest.hasPrefix("*") {
            isCatchAll = true
            rest = rest.dropFirst()
        }
        let nameEnd = rest.firstIndex(where: { $0 == ":" || $0 == "=" || $0 == "?" }) ?? rest.endIndex
        let name = String(rest[..<nameEnd])
        rest = rest[nameEnd...]
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) else {
            throw fail("'{\(rawText)}' has no valid parameter name", "name the parameter with letters, digits and '_', e.g. '{id}'")
        }
        var constraints: [RouteConstraint] = []
        while rest.first == ":" {
            rest = rest.dropFirst()
            let constraintNameEnd = rest.firstIndex(where: { !($0.isLetter) }) ?? rest.endIndex
            let constraintName = rest[..<constraintNameEnd].lowercased()
            rest = rest[constraintNameEnd...]
            var arguments: String?
            if rest.first == "(" {
                // Find the matching ')', honouring nesting and backslash escapes (regex patterns).
                var depth = 0
                var escaped = false
                var close: Substring.Index?
                for index in rest.indices {
                    let c = rest[index]
                    if escaped {
                        escaped = false
                        continue
                    }
                    if c == "\\" {
                        escaped = true
                        continue
                    }
                    if c == "(" { depth += 1 }
                    if c == ")" {
                        depth -= 1
                        if depth == 0 {
                            close = index
                            break
                        }
                    }
                }
                guard let close else {
                    throw fail("constraint '\(constraintName)' in '{\(rawText)}' has no closing ')'", "close the argument list with ')'")
                }
                arguments = String(rest[rest.index(after: rest.startIndex)..<close])
                rest = rest[rest.index(after: close)...]
            }
            constraints.append(try constraint(constraintName, arguments: arguments, parameter: rawText, fail: fail))
        }
        var isOptional = false
        var defaultValue: String?
        if rest.first == "?" {
            isOptional = true
            rest = rest.dropFirst()
        } else if rest.first == "=" {
            defaultValue = String(rest.dropFirst())
            rest = rest[rest.endIndex...]
            if defaultValue?.hasSuffix("?") == true {
                throw fail("'{\(rawText)}' is both optional and has a default", "use either '?' or '=value'")
            }
        }
        guard rest.isEmpty else {
            throw fail("'{\(rawText)}' has unexpected text '\(rest)'", "write parameters as {name}, {name?}, {name=default} or {name:constraint}")
        }
        if isCatchAll && isOptional {
            throw fail("catch-all '{\(rawText)}' cannot be marked optional", "drop the '?'; a catch-all already matches an empty rest")
        }
        return RouteTemplate.Parameter(
            name: name,
            constraints: constraints,
            isOptional: isOptional,
            isCatchAll: isCatchAll,
            defaultValue: defaultValue
        )
    }

    private static func constraint(
        _ name: String,
        arguments: String?,
        parameter: String,
        fail: (String, String) -> HearthError
    ) throws(HearthError) -> RouteConstraint {
        let args = arguments?.split(separator: ",", omittingEmptySubsequences: false).map { String(String($0).trimmingASCIIWhitespace()) } ?? []
        func ints(_ count: Int) throws(HearthError) -> [Int64] {
            let values = args.compactMap { Int64($0) }
            guard values.count == count, args.count == count else {
                throw fail(
                    "constraint '\(name)' in '{\(parameter)}' needs \(count) integer argument\(count == 1 ? "" : "s")",
                    "write it like '\(name)(\(count == 1 ? "3" : "1,10"))'"
                )
            }
            return values
        }
        func noArguments(_ c: RouteConstraint) throws(HearthError) -> RouteConstraint {
            guard arguments == nil else {
                throw fail("constraint '\(name)' in '{\(parameter)}' takes no arguments", "write ':\(name)' without parentheses")
            }
            return c
        }
        switch name {
        case "int": return try noArguments(.int)
        case "long": return try noArguments(.long)
        case "bool": return try noArguments(.bool)
        case "datetime": return try noArguments(.datetime)
        case "decimal": return try noArguments(.decimal)
        case "double": return try noArguments(.double)
        case "float": return try noArguments(.float)
        case "guid": return try noArguments(.guid)
        case "alpha": return try noArguments(.alpha)
        case "minlength": return .minLength(Int(try ints(1)[0]))
        case "maxlength": return .maxLength(Int(try ints(1)[0]))
        case "length":
            if args.count == 1 {
                let n = Int(try ints(1)[0])
                return .length(min: n, max: n)
            }
            let v = try ints(2)
            guard v[0] <= v[1] else {
                throw fail("length(\(v[0]),\(v[1])) in '{\(parameter)}' has min > max", "write length(min,max) with min ≤ max")
            }
            return .length(min: Int(v[0]), max: Int(v[1]))
        case "min": return .min(try ints(1)[0])
        case "max": return .max(try ints(1)[0])
        case "range":
            let v = try ints(2)
            guard v[0] <= v[1] else { throw fail("range(\(v[0]),\(v[1])) in '{\(parameter)}' has min > max", "write range(min,max) with min ≤ max") }
            return .range(v[0], v[1])
        case "regex":
            guard let pattern = arguments, !pattern.isEmpty else {
                throw fail("constraint 'regex' in '{\(parameter)}' needs a pattern", "write it like 'regex(^[a-z]+$)'")
            }
            guard RouteConstraint.isValidPattern(pattern) else {
                throw fail("regex '\(pattern)' in '{\(parameter)}' is not a valid regular expression", "fix the pattern")
            }
            return .regex(pattern)
        default:
            throw fail(
                "constraint '\(name)' in '{\(parameter)}' is unknown",
                "use one of int, long, bool, datetime, decimal, double, float, guid, alpha, minlength(n), maxlength(n), length(n), length(a,b), min(n), max(n), range(a,b), regex(…)"
            )
        }
    }
}
