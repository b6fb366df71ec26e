import Crypto
import Foundation
import HearthCore

/// The fleet's bearer-like secrets (enrolment tokens, worker credentials): made here, and kept in
/// the store only as their SHA-256.
public enum FleetSecret {
    /// A new random secret: 32 bytes, base64url without padding, prefixed with `prefix`
    /// (`hwe_` enrolment token, `hwc_` worker credential) so a leaked one is recognisable.
    public static func generate(prefix: String) -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        return prefix + Base64URL.encode(bytes, padded: false)
    }

    /// The prefix of enrolment tokens.
    public static let enrolmentTokenPrefix = "hwe_"
    /// The prefix of worker credentials.
    public static let credentialPrefix = "hwc_"

    /// The SHA-256 of `secret` in lower-case hex: what the store keeps and compares.
    public static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
