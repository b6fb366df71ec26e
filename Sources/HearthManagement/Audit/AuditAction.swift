public import HTTPTypes

/// What a state-changing request did, named from its method and route: `POST /api/apps/{app}/deployments`
/// is `deployment.create` on the app's name.
///
/// The noun is the last literal segment of the route (singular); a literal after a parameter that
/// is not a collection (`…/{id}/activate`, `…/publishingcredentials/reset`) is the verb.
public struct AuditAction: Sendable, Hashable {
    /// `noun.verb`.
    public var name: String
    /// The route's most specific named thing: the app, tenant, setting, key or token path parameter values joined by `/`.
    public var target: String

    /// Derives the action of `method` on the route pattern `route` (Hummingbird's endpoint path,
    /// `/api/apps/{app}/settings/{name}`), with the path parameters' values.
    public init(method: HTTPRequest.Method, route: String, parameter: (String) -> String?) {
        let segments = route.split(separator: "/").map(String.init).filter { $0 != "api" }
        let literals = segments.filter { !Self.isParameter($0) }
        let verbs: Set<String> = [
            "activate", "reset", "enable", "disable", "regenerate", "delete", "create", "update", "upload", "run", "save", "remove", "add", "revoke",
            "drain", "ready",
        ]
        var noun = "request"
        var verb = Self.verb(for: method)
        if let last = literals.last {
            if verbs.contains(last), literals.count >= 2 {
                noun = literals[literals.count - 2]
                verb = last
            } else {
                noun = last
            }
        }
        if segments.first == "scm" {
            noun = noun == "zipdeploy" ? "deployment" : noun
            verb = noun == "deployment" ? "create" : verb
        }
        self.name = "\(Self.singular(noun)).\(verb)"
        let values = segments.filter(Self.isParameter).compactMap { parameter(Self.parameterName($0)) }
        self.target = values.joined(separator: "/")
    }

    static func isParameter(_ segment: String) -> Bool {
        segment.hasPrefix(":") || (segment.hasPrefix("{") && segment.hasSuffix("}"))
    }

    static func parameterName(_ segment: String) -> String {
        segment.hasPrefix(":") ? String(segment.dropFirst()) : String(segment.dropFirst().dropLast())
    }

    static func verb(for method: HTTPRequest.Method) -> String {
        switch method {
        case .post: "create"
        case .put, .patch: "update"
        case .delete: "delete"
        default: method.rawValue.lowercased()
        }
    }

    static func singular(_ noun: String) -> String {
        switch noun {
        case "publishingcredentials": "publishing-credentials"
        case "hostnames": "hostname"
        case let plural where plural.hasSuffix("s") && plural.count > 1: String(plural.dropLast())
        default: noun
        }
    }
}
