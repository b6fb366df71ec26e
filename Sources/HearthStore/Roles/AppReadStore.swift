public import Foundation
public import HearthCore

/// What both roles read of an app: the list of apps, a deployment, its package bytes, the
/// app's settings and keys.
///
/// Management reads these to show and deploy an app; a worker reads them to load and run it.
/// ``ManagementStore`` and ``WorkerStore`` both refine this protocol, so a read both roles make
/// is declared once. Add a requirement here only when both roles call it.
///
/// Every method may throw ``StoreError/Code/unavailable`` when the database cannot be reached;
/// other errors are listed on each method. A lookup that finds nothing returns `nil` or an empty
/// array rather than throwing. Reads never change the ``WorkerStore/changeVersion()``.
public protocol AppReadStore: Sendable {
    /// The apps of one tenant, or of every tenant when `tenantID` is `nil`, ordered by name.
    ///
    /// Each record carries its routing custom host names (ordered), not the disabled ones.
    /// An unknown tenant gives an empty array.
    func apps(tenantID: UUID?) async throws -> [AppRecord]

    /// The deployment with this id, or `nil` if there is none (or its app was deleted).
    func deployment(id: UUID) async throws -> Deployment?

    /// The bytes stored under a package's SHA-256 (lower-case hex), or `nil` if no package has it.
    ///
    /// Packages no deployment refers to any more may be removed when an app is deleted.
    func package(sha256: String) async throws -> Data?

    /// The app's settings, ordered by name, secret values decrypted.
    ///
    /// An unknown app gives an empty array. Throws ``StoreError`` when a secret value cannot be
    /// opened with the store's ``SecretCipher`` (a master key missing from the ring).
    func settings(appID: UUID) async throws -> [AppSetting]

    /// The app's host, function and system keys, ordered by scope, function name and name, values
    /// decrypted.
    ///
    /// An unknown app gives an empty array. Throws ``StoreError`` when a value cannot be opened with
    /// the store's ``SecretCipher``.
    func keys(appID: UUID) async throws -> [FunctionKey]
}
