import Crypto
public import Foundation

/// Encrypts secrets at rest with AES-256-GCM under the instance's master keys.
///
/// The master keys form a ring: the first, the *primary*, seals every new secret; every key of
/// the ring opens what it sealed. Each key is known by an id (``KeyID``: the first four bytes of a
/// SHA-256 over the key), which each ciphertext records, so a process that lacks a key says which
/// one instead of failing with garbage, and `hearth secrets rotate-master-key` knows what to re-seal.
///
/// Sealed format, version 2: `0x02`, the 4-byte key id, the 12-byte nonce, the ciphertext and the
/// 16-byte tag (CryptoKit's `combined` form). Version 1 (`0x01` and the rest, no key id), written
/// before key rings, still opens with whichever key of the ring sealed it. The associated data
/// binds a value to where it is stored (`"setting:<app id>:<name>"`), so a ciphertext copied to
/// another row does not decrypt.
///
/// Version 3 (``AppDataKey``) is an app's secret sealed under the app's data key; it records the
/// id of the master key that seals that data key, so it is counted and re-sealed like the others.
///
/// A cipher without master keys (``withoutMasterKey``) is what a worker that joined the fleet
/// holds: it opens an app's secrets only through the data keys wrapped for it, and seals nothing.
public struct SecretCipher: Sendable {
    /// A master key's id: 8 hex digits, safe to print (it reveals nothing of the key).
    public struct KeyID: Hashable, Sendable, CustomStringConvertible, Comparable {
        let bytes: [UInt8]
        public var description: String { bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined() }
        public static func < (a: KeyID, b: KeyID) -> Bool { a.description < b.description }
    }

    private let primary: KeyID
    private let keys: [KeyID: SymmetricKey]
    private let order: [KeyID]
    private static let legacyVersion: UInt8 = 1
    private static let version: UInt8 = 2

    /// A cipher with no master key: it opens and seals nothing itself. Its ``primaryKeyID`` is an
    /// empty id that no sealed value records.
    public static let withoutMasterKey = SecretCipher()

    private init() {
        primary = KeyID(bytes: [])
        keys = [:]
        order = []
    }

    /// Whether this cipher holds a master key (``withoutMasterKey`` does not).
    public var hasMasterKey: Bool { !order.isEmpty }

    /// The master key `id` of the ring, for the data keys it seals; `nil` when the ring lacks it.
    func masterKey(_ id: KeyID) -> SymmetricKey? { keys[id] }

    /// The error for a value that needs master key `id`, which this process does not have.
    func missingKey(_ id: KeyID) -> StoreError {
        guard hasMasterKey else {
            return StoreError(
                .configuration,
                "a stored secret is sealed with master key \(id), and this process holds no master key (a worker that joined the fleet opens only the secrets of the apps placed on it)"
            )
        }
        return StoreError(
            .configuration,
            "a stored secret is sealed with master key \(id), which this process does not have (it has \(order.map(\.description).joined(separator: ", "))); add that key to HEARTH_MASTER_KEY or the data directory's master.key"
        )
    }

    /// A ring of one key.
    /// - Parameter keyBytes: exactly 32 bytes.
    public init(keyBytes: Data) throws {
        try self.init(keys: [keyBytes])
    }

    /// A ring of keys, the first the primary. Each is exactly 32 bytes.
    public init(keys: [Data]) throws {
        guard !keys.isEmpty else { throw StoreError(.configuration, "no master key was given") }
        var ring: [KeyID: SymmetricKey] = [:]
        var order: [KeyID] = []
        for bytes in keys {
            guard bytes.count == 32 else {
                throw StoreError(
                    .configuration,
                    "a master key must be 32 bytes (256 bits); one has \(bytes.count). Generate one with 'hearth secrets new-key' or 'head -c 32 /dev/urandom | base64'."
                )
            }
            let id = Self.id(of: bytes)
            if ring[id] == nil { order.append(id) }
            ring[id] = SymmetricKey(data: bytes)
        }
        self.keys = ring
        self.order = order
        self.primary = order[0]
    }

    /// The id of the key that seals new secrets.
    public var primaryKeyID: KeyID { primary }
    /// Every key id of the ring, the primary first.
    public var keyIDs: [KeyID] { order }

    /// A 32-byte key for another purpose (the portal's CSRF key), derived with HKDF-SHA-256 from
    /// the primary master key and `purpose`. Every process with the same primary key derives the
    /// same bytes, so management instances sharing a store agree without storing another secret;
    /// rotating the master key replaces it.
    /// A cipher without master key derives from a random key of its own (nothing shares it).
    package func derivedKey(purpose: String) -> [UInt8] {
        let derived = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: keys[primary] ?? SymmetricKey(size: .bits256),
            info: Data("hearth derived key\0\(purpose)".utf8),
            outputByteCount: 32
        )
        return derived.withUnsafeBytes { Array($0) }
    }

    /// The id a 32-byte key is known by.
    public static func id(of keyBytes: Data) -> KeyID {
        KeyID(bytes: Array(SHA256.hash(data: Data("hearth master key id\0".utf8) + keyBytes).prefix(4)))
    }

    /// The id of the key a sealed value was sealed with (for a value under an app's data key, the
    /// master key that seals that data key); `nil` for the version-1 format, which does not record it.
    public static func keyID(of sealed: Data) -> KeyID? {
        guard sealed.first == version || sealed.first == AppDataKey.version, sealed.count > 5 else { return nil }
        return KeyID(bytes: Array(sealed.dropFirst().prefix(4)))
    }

    /// Whether `sealed` is under another key than the primary (or in the version-1 format).
    public func needsReseal(_ sealed: Data) -> Bool { Self.keyID(of: sealed) != primary }

    /// The id of a 4-byte key id's hex form (as the store keeps data keys), or `nil`.
    static func keyID(hex: String) -> KeyID? {
        let bytes = stride(from: 0, to: hex.count, by: 2).compactMap { offset -> UInt8? in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return UInt8(hex[start..<hex.index(start, offsetBy: min(2, hex.count - offset))], radix: 16)
        }
        return hex.count == 8 && bytes.count == 4 ? KeyID(bytes: bytes) : nil
    }

    /// The error for sealing in a process without a master key.
    static var cannotSeal: StoreError {
        StoreError(
            .configuration,
            "this process holds no master key (a worker that joined the fleet), so it cannot store secrets; the management role writes them"
        )
    }

    public func seal(_ plaintext: Data, context: String) throws -> Data {
        guard let key = keys[primary] else { throw Self.cannotSeal }
        let box = try AES.GCM.seal(plaintext, using: key, authenticating: Data(context.utf8))
        guard let combined = box.combined else {
            throw StoreError(.corrupt, "AES-GCM produced no combined output")
        }
        return Data([Self.version] + primary.bytes) + combined
    }

    public func open(_ sealed: Data, context: String) throws -> Data {
        switch sealed.first {
        case Self.version where sealed.count > 1 + 4 + 12 + 16:
            let id = KeyID(bytes: Array(sealed.dropFirst().prefix(4)))
            guard let key = keys[id] else { throw missingKey(id) }
            if let plain = try? Self.open(sealed.dropFirst(5), key: key, context: context) { return plain }
            throw StoreError(.corrupt, "a stored secret sealed with master key \(id) does not decrypt: it was altered or copied from another row")
        case Self.legacyVersion where sealed.count > 1 + 12 + 16 && !hasMasterKey:
            throw StoreError(
                .configuration,
                "a stored secret is sealed with a master key, and this process holds no master key (a worker that joined the fleet opens only the secrets of the apps placed on it)"
            )
        case Self.legacyVersion where sealed.count > 1 + 12 + 16:
            for id in order {
                if let plain = try? Self.open(sealed.dropFirst(), key: keys[id]!, context: context) { return plain }
            }
            throw StoreError(
                .corrupt,
                "a stored secret cannot be decrypted with master key(s) \(order.map(\.description).joined(separator: ", ")): it was sealed with another key (check HEARTH_MASTER_KEY or the data directory's master.key)"
            )
        case AppDataKey.version:
            throw StoreError(.corrupt, "a stored secret is sealed under an app's data key, which was not looked up; this is a bug in Hearth")
        default:
            throw StoreError(.corrupt, "a stored secret is not in Hearth's sealed format; the store may be damaged")
        }
    }

    /// `sealed` sealed again under the primary key (unchanged if it already is).
    public func reseal(_ sealed: Data, context: String) throws -> Data {
        guard needsReseal(sealed) else { return sealed }
        return try seal(try open(sealed, context: context), context: context)
    }

    static func open(_ combined: Data, key: SymmetricKey, context: String) throws -> Data {
        try AES.GCM.open(try AES.GCM.SealedBox(combined: combined), using: key, authenticating: Data(context.utf8))
    }

    public func seal(_ text: String, context: String) throws -> Data { try seal(Data(text.utf8), context: context) }

    public func openString(_ sealed: Data, context: String) throws -> String {
        String(decoding: try open(sealed, context: context), as: UTF8.self)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
