package import HTTPTypes
package import HummingbirdAuth

/// The `Authorization` schemes Hearth accepts, matched case-insensitively (RFC 9110 §11.1: "It uses a
/// case-insensitive token to identify the authentication scheme").
///
/// hummingbird-auth's `HTTPFields.bearer` and `.basic` look for `Bearer ` and `Basic ` spelled
/// exactly so, refusing `bearer x`. ``bearer(in:)`` and ``basic(in:)`` rewrite the scheme to that
/// spelling and then let hummingbird-auth parse the credentials (including Basic's base64), so
/// hummingbird-auth stays the one parser.
///
/// ```swift
/// AuthenticationScheme.bearer(in: ["Authorization": "BEARER hth_…"])?.token  // "hth_…"
/// ```
package enum AuthenticationScheme: String, CaseIterable, Sendable {
    /// `Bearer <token>` (RFC 6750).
    case bearer = "Bearer"
    /// `Basic base64(user:password)` (RFC 7617).
    case basic = "Basic"

    /// The scheme an `Authorization` value starts with, in any case and followed by a space (where
    /// the credentials begin), or `nil` for another scheme or a scheme without credentials.
    package init?(authorization value: String) {
        let name = value.prefix { $0 != " " }
        guard name.endIndex < value.endIndex,
            let scheme = Self.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() })
        else { return nil }
        self = scheme
    }

    /// Bearer credentials from `fields`' `Authorization`, whatever the case of `Bearer`.
    package static func bearer(in fields: HTTPFields) -> BearerAuthentication? {
        canonical(fields, .bearer)?.bearer
    }

    /// Basic credentials from `fields`' `Authorization`, whatever the case of `Basic`; `nil` also
    /// when they are not base64 of `user:password`.
    package static func basic(in fields: HTTPFields) -> BasicAuthentication? {
        canonical(fields, .basic)?.basic
    }

    /// `fields`' `Authorization` alone, with the scheme spelled as hummingbird-auth expects, when
    /// it is `scheme` followed by a space and credentials.
    private static func canonical(_ fields: HTTPFields, _ scheme: Self) -> HTTPFields? {
        guard let value = fields[.authorization], Self(authorization: value) == scheme else { return nil }
        return [.authorization: scheme.rawValue + value.dropFirst(scheme.rawValue.count)]
    }
}
