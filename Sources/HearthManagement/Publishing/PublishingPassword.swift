import Crypto
import Foundation

/// Publishing passwords: 60 characters of `A–Z a–z 0–9` (about 357 bits), the shape Azure uses, so
/// they survive every tool that stores them (no characters that need XML, URL or shell escaping).
enum PublishingPassword {
    static let length = 60
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        // 62 does not divide 256; draw uniformly with `randomElement`, which rejects the bias.
        let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Compares a presented password with the stored one in time that does not depend on where they
    /// differ (or on the presented length): both are hashed, and the digests compared in full.
    static func matches(_ presented: String, _ stored: String) -> Bool {
        let a = Array(SHA256.hash(data: Data(presented.utf8)))
        let b = Array(SHA256.hash(data: Data(stored.utf8)))
        var difference: UInt8 = 0
        for index in 0..<a.count { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
