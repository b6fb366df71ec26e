public import Foundation

/// One failed sign-in, kept to throttle guessing per account and per address.
///
/// One row per failure; the portal counts the rows of an account or an address within a window
/// (``PeopleStore``'s `signInFailures(account:since:)` and `signInFailures(address:since:)`),
/// clears an account's after a successful sign-in, and prunes old ones.
public struct SignInFailure: Sendable, Hashable, Codable {
    /// The login name as typed (lower-cased by the caller if it compares names so), whether or not
    /// such a user exists.
    public var account: String
    /// The client's address, or `nil` when unknown.
    public var address: String?
    public var at: Date

    public init(account: String, address: String?, at: Date = Date()) {
        self.account = account
        self.address = address
        self.at = at
    }
}
