import Foundation
import HearthCore
import HearthManagement

/// What the Test/Run form asks for, checked: the method, route parameter values filled into the
/// function's route template, the query, headers (`Name: value` per line) and the body.
struct TestRunRequest: Sendable, Equatable {
    var method: String
    /// The route with the parameters filled in and percent-encoded (no leading slash).
    var route: String
    /// The query without `?` (as typed, so repeated names and encodings stay the caller's).
    var query: String
    var headers: [Header]
    var body: String

    struct Header: Sendable, Equatable {
        var name: String
        var value: String
    }

    /// The headers the portal sets itself; a typed one would be ignored or unsafe.
    static let reservedHeaders: Set<String> = ["host", "content-length", "transfer-encoding", "connection", "x-functions-key"]

    /// Reads the form. Route parameters come as `param.{name}` fields.
    /// - Throws: ``ManagementError`` (400) naming the field to fix.
    init(form: PortalForm, route template: RouteTemplate, methods: [String]?) throws {
        let method = (form.trimmed("method") ?? methods?.first ?? "GET").uppercased()
        guard method.allSatisfy({ $0.isASCII && $0.isLetter }), !method.isEmpty else {
            throw ManagementError(.badRequest, "'\(method)' is not an HTTP method")
        }
        if let methods, !methods.map({ $0.uppercased() }).contains(method) {
            let accepted = methods.map { $0.uppercased() }.joined(separator: ", ")
            throw ManagementError(.badRequest, "the function accepts \(accepted), not \(method)")
        }
        self.method = method
        self.route = try Self.fill(
            template,
            values: form.fields.reduce(into: [:]) { values, field in
                if field.key.hasPrefix("param."), !field.value.isEmpty { values[String(field.key.dropFirst("param.".count))] = field.value }
            }
        )
        var query = form["query"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if query.hasPrefix("?") { query.removeFirst() }
        guard !query.contains(where: { $0 == "#" || $0.isWhitespace }) else {
            throw ManagementError(.badRequest, "the query may not contain spaces or '#'; percent-encode them (%20, %23)")
        }
        self.query = query
        self.headers = try Self.parseHeaders(form["headers"] ?? "")
        self.body = CodeText.normalized(form["body"] ?? "")
    }

    /// The route with each parameter replaced by its value: an omitted optional parameter ends the
    /// path, an omitted defaulted one takes its default, a missing required one is an error.
    static func fill(_ template: RouteTemplate, values: [String: String]) throws -> String {
        var parts: [String] = []
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#")
        for segment in template.segments {
            switch segment {
            case .literal(let text):
                parts.append(text)
            case .parameter(let parameter):
                if let value = values[parameter.name] {
                    let pieces = parameter.isCatchAll ? value.split(separator: "/").map(String.init) : [value]
                    let encoded = pieces.map { $0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0 }.joined(separator: "/")
                    parts.append(encoded)
                } else if parameter.isOptional || parameter.isCatchAll || parameter.defaultValue != nil {
                    return parts.joined(separator: "/")
                } else {
                    throw ManagementError(.badRequest, "fill in the route parameter '\(parameter.name)'")
                }
            }
        }
        return parts.joined(separator: "/")
    }

    /// `Name: value` lines; blank lines are skipped; names are HTTP tokens (dashes welcome).
    static func parseHeaders(_ text: String) throws -> [Header] {
        var headers: [Header] = []
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw ManagementError(.badRequest, "the header line '\(line)' has no ':'; write one header per line as Name: value")
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            let token = CharacterSet(charactersIn: "!#$%&'*+-.^_`|~").union(.alphanumerics)
            guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.isASCII && token.contains($0) }) else {
                throw ManagementError(.badRequest, "'\(name)' is not a header name; use letters, digits and dashes")
            }
            guard !reservedHeaders.contains(name.lowercased()) else {
                throw ManagementError(.badRequest, "the portal sets '\(name)' itself; leave it out")
            }
            headers.append(Header(name: name, value: value))
        }
        return headers
    }
}
