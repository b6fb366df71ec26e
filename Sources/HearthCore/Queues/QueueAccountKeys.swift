public import Foundation

/// A queue account's two keys (64 random bytes each, shown base64-encoded as Azure shows storage
/// account keys). Two, so that one can be rotated while clients still use the other.
///
/// Sealed at rest with the store's cipher. `description` never shows them.
public struct QueueAccountKeys: Sendable, Hashable, CustomStringConvertible {
    /// Which of the two keys.
    public enum Slot: String, Sendable, Hashable, Codable, CaseIterable {
        case primary, secondary
    }

    public var primary: Data
    public var secondary: Data

    public init(primary: Data, secondary: Data) {
        self.primary = primary
        self.secondary = secondary
    }

    /// The key in `slot`.
    public subscript(slot: Slot) -> Data {
        get { slot == .primary ? primary : secondary }
        set {
            if slot == .primary { primary = newValue } else { secondary = newValue }
        }
    }

    /// A new random key (64 bytes from the system's generator).
    public static func generateKey() -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<64).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// Two new random keys.
    public static func generate() -> QueueAccountKeys { QueueAccountKeys(primary: generateKey(), secondary: generateKey()) }

    public var description: String { "QueueAccountKeys(primary: <redacted>, secondary: <redacted>)" }
}
