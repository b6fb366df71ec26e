import HearthCore

/// A browser session's id: 32 random bytes as 43 base64url characters, carried in the session
/// cookie. The store keeps only ``hash``, so a copy of the store cannot be turned into signed-in
/// browsers.
///
/// ```swift
/// let token = SessionToken.generate()
/// store.insertSession(idHash: token.hash, …)        // the store sees the hash only
/// cookie.setCookie(value: token.value, maxAge: …)    // the browser sees the value only
/// ```
package struct SessionToken: Sendable, Hashable {
    /// Random bytes in a session id.
    package static let byteCount = 32
    /// Characters in ``value``: 32 bytes in unpadded base64url.
    package static let length = 43

    /// The id as the cookie carries it. A secret: never log or store it.
    package let value: String

    /// A token for a value read from a cookie, or `nil` when it does not have a session id's shape
    /// (checked before hashing or looking anything up, so junk costs nothing).
    package init?(_ value: String) {
        guard Self.isWellFormed(value) else { return nil }
        self.value = value
    }

    private init(unchecked value: String) {
        self.value = value
    }

    /// A new session id from the system's secure generator. Sign-in always makes a new one, so an
    /// id planted in a browser before sign-in is never promoted to a signed-in session.
    package static func generate() -> SessionToken {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return SessionToken(unchecked: Base64URL.encode(bytes, padded: false))
    }

    /// What the store keeps and looks sessions up by: SHA-256 of ``value`` in lower-case hex.
    package var hash: String { Self.hash(value) }

    /// SHA-256 of `value` in lower-case hex (the same digest API tokens are kept by).
    package static func hash(_ value: String) -> String {
        APITokenSecret.hash(value)
    }

    /// Whether `value` is 43 base64url characters.
    package static func isWellFormed(_ value: String) -> Bool {
        value.utf8.count == length
            && value.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                    true
                default: false
                }
            }
    }
}

extension SessionToken: CustomStringConvertible {
    /// Never the value: a session id printed by accident must not end up in a log.
    package var description: String { "SessionToken(…)" }
}
