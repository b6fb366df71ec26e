import Crypto
import Foundation
import HearthCore

/// API token secrets: `hth_` followed by 43 base64url characters (32 random bytes). The store keeps
/// only the SHA-256 (lower-case hex) of the whole string.
package enum APITokenSecret {
    package static let prefix = "hth_"

    /// A new random token.
    package static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + Base64URL.encode(bytes, padded: false)
    }

    /// The SHA-256 hex the store indexes tokens by.
    package static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether a string has the shape of a token (checked before hashing, so junk costs nothing).
    package static func isWellFormed(_ token: String) -> Bool {
        guard token.hasPrefix(prefix) else { return false }
        let body = token.dropFirst(prefix.count)
        return body.count == 43 && body.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
