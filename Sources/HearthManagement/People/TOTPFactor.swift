import Crypto
package import Foundation
import HearthCore

/// A local account's TOTP second factor (RFC 6238 with the defaults every authenticator app uses:
/// HMAC-SHA-1, 6 digits, 30-second steps).
///
/// The secret is 20 random bytes (160 bits, RFC 4226 §4's recommended length), shown to the person
/// as 32 base32 characters or in an `otpauth://` link for a QR code. It is a secret like a password:
/// never logged or returned after enrolment.
///
/// Replay: ``verify(_:at:lastUsedStep:)`` returns the time step it accepted; the caller stores it
/// and passes it back next time, and a code from that step or an earlier one is refused, so a code
/// seen over someone's shoulder cannot be used a second time.
///
/// hummingbird-auth's `HummingbirdOTP` keys its HMAC with the UTF-8 bytes of a `String` secret, so
/// it cannot hold 20 random bytes (most are not valid UTF-8). The HMAC and the RFC 4226 truncation
/// are therefore done here with swift-crypto; the tests check this code against `HummingbirdOTP`
/// and the RFC 6238 vectors.
///
/// ```swift
/// let factor = TOTPFactor.generate()
/// let link = factor.provisioningURI(account: "ada@example.com")  // otpauth://totp/Hearth:ada%40example.com?…
/// if let step = factor.verify("287082", at: now, lastUsedStep: user.lastTOTPStep) { user.lastTOTPStep = step }
/// ```
package struct TOTPFactor: Sendable {
    /// The issuer authenticator apps show beside the account.
    package static let issuer = "Hearth"
    /// Digits in a code.
    package static let digits = 6
    /// Seconds per time step.
    package static let period: Int64 = 30
    /// Steps either side of the current one that are accepted, for clocks that drift and codes typed slowly.
    package static let window: Int64 = 1

    /// The shared secret.
    package let secret: [UInt8]

    /// A factor with the given secret bytes.
    package init(secret: [UInt8]) {
        self.secret = secret
    }

    /// A factor from its base32 text (what the store keeps, or a person typed), or `nil` when the
    /// text is not base32 or holds fewer than 10 bytes (80 bits, below which RFC 4226 §4 does not go).
    package init?(base32 text: String) {
        guard let bytes = Base32.decode(text), bytes.count >= 10 else { return nil }
        self.secret = bytes
    }

    /// A new factor with 20 random bytes from the system's secure generator.
    package static func generate() -> TOTPFactor {
        var generator = SystemRandomNumberGenerator()
        return TOTPFactor(secret: (0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// The secret as unpadded base32, for typing into an authenticator app by hand.
    package var base32Secret: String { Base32.encode(secret) }

    /// The `otpauth://totp/` link (Google Authenticator's Key URI format) a QR code carries:
    /// label `Hearth:<account>` and `issuer=Hearth`, both percent-encoded.
    /// - Parameter account: The account name shown in the app (the person's user name).
    package func provisioningURI(account: String) -> String {
        let label = Self.percentEncoded(Self.issuer) + ":" + Self.percentEncoded(account)
        return "otpauth://totp/\(label)?secret=\(base32Secret)&issuer=\(Self.percentEncoded(Self.issuer))"
            + "&algorithm=SHA1&digits=\(Self.digits)&period=\(Self.period)"
    }

    /// The time step `date` falls in: whole periods since the Unix epoch (RFC 6238 §4.2, T0 = 0).
    package static func step(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / Double(period)).rounded(.down))
    }

    /// The code for a time step, zero-padded to ``digits`` (RFC 4226 §5.3 dynamic truncation).
    package func code(atStep step: Int64) -> String {
        withUnsafeBytes(of: UInt64(bitPattern: step).bigEndian) { counter in
            let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: counter, using: SymmetricKey(data: secret)))
            let offset = Int(mac[mac.count - 1] & 0x0F)
            let binary =
                UInt32(mac[offset] & 0x7F) << 24 | UInt32(mac[offset + 1]) << 16
                | UInt32(mac[offset + 2]) << 8 | UInt32(mac[offset + 3])
            let value = String(binary % 1_000_000)
            return String(repeating: "0", count: Self.digits - value.count) + value
        }
    }

    /// The time step whose code `code` is, within ``window`` steps of `date` and after
    /// `lastUsedStep`; `nil` when none matches (wrong, too old or already used).
    ///
    /// Spaces in `code` are ignored (apps show `287 082`). Every candidate step is compared in
    /// constant time, so the time taken does not tell which step came close.
    /// - Parameters:
    ///   - code: What the person typed.
    ///   - date: Now.
    ///   - lastUsedStep: The step accepted last time for this account, if any.
    /// - Returns: The accepted step, which the caller must store as the new `lastUsedStep`.
    package func verify(_ code: String, at date: Date, lastUsedStep: Int64?) -> Int64? {
        let typed = code.filter { $0 != " " }
        guard typed.utf8.count == Self.digits, typed.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
        let now = Self.step(at: date)
        var accepted: Int64?
        for step in (now - Self.window)...(now + Self.window) {
            let matches = ConstantTime.equal(Array(self.code(atStep: step).utf8), Array(typed.utf8))
            if matches, step > (lastUsedStep ?? Int64.min), accepted == nil {
                accepted = step
            }
        }
        return accepted
    }

    /// RFC 3986 unreserved characters stay; everything else is percent-encoded.
    private static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(
            withAllowedCharacters: CharacterSet(
                charactersIn:
                    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
            )
        ) ?? text
    }
}

extension TOTPFactor: CustomStringConvertible {
    /// Never the secret: a factor printed by accident must not end up in a log.
    package var description: String { "TOTPFactor(…)" }
}
