public import Foundation

/// An app's publishing credentials: the user and password that publish profiles carry and the
/// Kudu-compatible deploy endpoint accepts (HTTP Basic). The store keeps the password encrypted.
public struct PublishingCredentials: Sendable, Hashable {
    /// `$` followed by the app's name, as Azure names publishing users.
    public var userName: String
    /// The generated password (never logged; shown only to roles that may read secrets).
    public var password: String
    /// When the password was issued or last reset.
    public var updatedAt: Date

    /// Creates credentials.
    /// - Parameters:
    ///   - userName: The publishing user, e.g. `$orders`.
    ///   - password: The password.
    ///   - updatedAt: When it was issued.
    public init(userName: String, password: String, updatedAt: Date = Date()) {
        self.userName = userName
        self.password = password
        self.updatedAt = updatedAt
    }

    /// The publishing user of an app: `$` and the app's name.
    /// - Parameter appName: The app's name.
    public static func userName(forApp appName: String) -> String { "$" + appName }
}
