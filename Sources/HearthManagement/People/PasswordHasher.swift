import Crypto
import Foundation
import HearthCore
import HummingbirdBcrypt
import NIOPosix

/// Hashes and verifies people's passwords with bcrypt (hummingbird-auth's `HummingbirdBcrypt`).
///
/// **Long passwords.** bcrypt reads at most 72 bytes and stops at a NUL byte, so two long
/// passwords sharing their first 72 bytes would be the same password. Hearth therefore never gives
/// bcrypt the password itself: it hashes the password's UTF-8 bytes with SHA-256 and gives bcrypt
/// the 44-character base64 of that digest (``prehash(_:)``). Every byte of the password counts, the
/// input never contains NUL, and the input length is always the same. The SHA-256 step is not a
/// weakness on its own: the salted, slow bcrypt of it is what is stored, and the digest is never
/// stored or logged anywhere else. The password is normalized to Unicode NFC first, so the same
/// password typed on systems that compose accents differently is the same password.
///
/// **Off the cooperative pool.** bcrypt at cost 12 takes a few hundred milliseconds of CPU; both
/// ``hash(_:)`` and ``verify(_:against:)`` run it on NIO's shared thread pool
/// (`NIOThreadPool.singleton.runIfActive`, as the `Bcrypt` documentation advises), so Swift
/// concurrency's few threads keep serving other requests.
///
/// **Unknown accounts.** ``verify(_:against:)`` with no stored hash (no such user, or an account
/// without a password) verifies against ``dummyHash``, made at the same cost when the hasher is
/// created, and then answers `false`: a sign-in for an account that does not exist takes as long as a
/// wrong password for one that does, so timing does not reveal which accounts exist.
///
/// ```swift
/// let hasher = PasswordHasher()  // cost 12; computes the dummy hash once
/// let stored = try await hasher.hash("correct horse battery staple")
/// try await hasher.verify("correct horse battery staple", against: stored)  // true
/// ```
package struct PasswordHasher: Sendable {
    /// bcrypt's cost: log2 of its rounds. 12 by default; tests use 4 (bcrypt's minimum) to stay fast.
    package let cost: UInt8
    /// What new passwords must satisfy.
    package let policy: PasswordPolicy
    /// A bcrypt hash of a random string at ``cost``, verified against when there is no real hash.
    package let dummyHash: String

    /// Creates a hasher. This computes ``dummyHash`` on the calling thread, so make one hasher at
    /// start-up and share it.
    /// - Parameters:
    ///   - cost: bcrypt's cost, from 4 to 31.
    ///   - policy: What new passwords must satisfy.
    package init(cost: UInt8 = 12, policy: PasswordPolicy = PasswordPolicy()) {
        precondition((4...31).contains(cost), "bcrypt's cost is from 4 to 31")
        self.cost = cost
        self.policy = policy
        var generator = SystemRandomNumberGenerator()
        let filler = Base64URL.encode((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }, padded: false)
        self.dummyHash = Bcrypt.hash(filler, cost: cost)
    }

    /// The bcrypt hash to store for a new password, after checking it against ``policy``.
    /// - Throws: ``PasswordProblem`` when the policy refuses the password; an error when NIO's
    ///   thread pool has been shut down.
    package func hash(_ password: String) async throws -> String {
        try policy.check(password)
        let input = Self.prehash(password)
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(input, cost: cost) }
    }

    /// Whether `password` is the one `stored` was made from; `false` for no stored hash, after
    /// spending the same time on ``dummyHash``.
    ///
    /// The policy is not applied (a password set under an older policy still signs in), except
    /// that a password over ``PasswordPolicy/maximumBytes`` is refused without hashing: no stored
    /// password can be that long, whichever account it is.
    /// - Parameters:
    ///   - password: What the person typed.
    ///   - stored: The account's bcrypt hash, or `nil` when there is no such account or no password.
    package func verify(_ password: String, against stored: String?) async throws -> Bool {
        guard password.utf8.count <= policy.maximumBytes else { return false }
        let input = Self.prehash(password)
        let hash = stored ?? dummyHash
        let matches = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(input, hash: hash) }
        return matches && stored != nil
    }

    /// Whether `stored` was made at a cost other than ``cost``, so it should be replaced by a new
    /// hash the next time the person signs in with the right password.
    package func needsRehash(_ stored: String) -> Bool {
        Self.cost(of: stored) != cost
    }

    /// The cost in a bcrypt hash (`$2b$12$…` → 12), or `nil` when `stored` is not one.
    package static func cost(of stored: String) -> UInt8? {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0].isEmpty, parts[1].hasPrefix("2"), parts[2].count == 2 else { return nil }
        return UInt8(parts[2])
    }

    /// What bcrypt is given for `password`: base64 of SHA-256 of its NFC-normalized UTF-8 bytes
    /// (44 ASCII characters, so within bcrypt's 72 bytes and free of NUL).
    package static func prehash(_ password: String) -> String {
        let normalized = password.precomposedStringWithCanonicalMapping
        return Data(SHA256.hash(data: Data(normalized.utf8))).base64EncodedString()
    }
}
