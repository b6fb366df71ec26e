import Crypto
import Foundation
import HearthCore

/// The `X-Hearth-Forwarded` header one worker puts on a request it forwards to another, and its
/// check: `v1;w={sender worker id};t={Unix ms};s={HMAC}`, the HMAC-SHA-256 (base64url) over the
/// version, sender, time, method, target (path and query) and Host, keyed by the fleet forwarding
/// key (``WorkerFleetConfiguration/forwardingKey``). The receiver accepts it only from a known,
/// unrevoked worker, within ``window`` of its own clock; the key itself never travels.
enum ForwardingProof {
    static let headerName = "X-Hearth-Forwarded"
    /// How far the sender's time may be from the receiver's.
    static let window: TimeInterval = 10
    /// Longer values are refused unread (a real one is about 110 bytes).
    static let maxLength = 256

    /// Why a header was refused (said in the 403; never the key or the expected MAC).
    enum Refusal: Error, Equatable, CustomStringConvertible {
        case duplicated, malformed, noKey, expired, unknownSender, badSignature

        var description: String {
            switch self {
            case .duplicated: "more than one X-Hearth-Forwarded header"
            case .malformed: "X-Hearth-Forwarded is not of the form Hearth's workers send"
            case .noKey: "this worker has no fleet forwarding key"
            case .expired: "X-Hearth-Forwarded is too old or from the future"
            case .unknownSender: "X-Hearth-Forwarded names a worker that is not a fleet member (or was revoked)"
            case .badSignature: "X-Hearth-Forwarded does not carry a valid fleet signature"
            }
        }
    }

    static func sign(sender: UUID, at date: Date, method: String, target: String, authority: String, key: [UInt8]) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let mac = signature(
            sender: sender.uuidString.lowercased(),
            millis: String(millis),
            method: method,
            target: target,
            authority: authority,
            key: key
        )
        return "v1;w=\(sender.uuidString.lowercased());t=\(millis);s=\(mac)"
    }

    /// The sender of a valid header, or why it is refused. `values` are all the request's
    /// `X-Hearth-Forwarded` values.
    static func verify(
        _ values: [String],
        method: String,
        target: String,
        authority: String,
        key: [UInt8]?,
        now: Date,
        isMember: (UUID) -> Bool
    ) -> Result<UUID, Refusal> {
        guard values.count == 1 else { return .failure(.duplicated) }
        let value = values[0]
        guard value.utf8.count <= maxLength else { return .failure(.malformed) }
        let parts = value.split(separator: ";", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "v1", parts[1].hasPrefix("w="), parts[2].hasPrefix("t="), parts[3].hasPrefix("s=") else {
            return .failure(.malformed)
        }
        let senderText = String(parts[1].dropFirst(2))
        let millisText = String(parts[2].dropFirst(2))
        guard let sender = UUID(uuidString: senderText), senderText == sender.uuidString.lowercased(),
            let millis = Int64(millisText), String(millis) == millisText
        else { return .failure(.malformed) }
        guard let key else { return .failure(.noKey) }
        guard abs(Double(millis) / 1000 - now.timeIntervalSince1970) <= window else { return .failure(.expired) }
        let expected = signature(sender: senderText, millis: millisText, method: method, target: target, authority: authority, key: key)
        guard ConstantTime.equal(Array(expected.utf8), Array(parts[3].dropFirst(2).utf8)) else { return .failure(.badSignature) }
        guard isMember(sender) else { return .failure(.unknownSender) }
        return .success(sender)
    }

    private static func signature(sender: String, millis: String, method: String, target: String, authority: String, key: [UInt8]) -> String {
        let message = "v1\n\(sender)\n\(millis)\n\(method)\n\(target)\n\(authority.lowercased())"
        let mac = HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: key))
        return Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
