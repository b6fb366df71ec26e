public import Foundation

/// What the store saw when it admitted (or refused) one sign-in attempt: the failures already
/// counted for its account and its address within the throttle's window, and the id the attempt
/// was recorded under when it was let through.
///
/// ``PeopleStore``'s `admitSignInAttempt(_:since:admit:)` counts and records in one transaction,
/// so of simultaneous attempts each one sees the others that were let through before it.
public struct SignInAttempt: Sendable, Hashable {
    /// Failures of the account within the window, before this attempt.
    public var accountFailures: Int
    /// When the latest of them happened; `nil` when there were none.
    public var accountLatest: Date?
    /// Failures from the address within the window, before this attempt; 0 without an address.
    public var addressFailures: Int
    /// When the latest of them happened; `nil` when there were none.
    public var addressLatest: Date?
    /// The failure row the attempt was recorded as, when it was admitted; `nil` when refused.
    public var recordedID: Int64?

    public init(accountFailures: Int, accountLatest: Date?, addressFailures: Int, addressLatest: Date?, recordedID: Int64? = nil) {
        self.accountFailures = accountFailures
        self.accountLatest = accountLatest
        self.addressFailures = addressFailures
        self.addressLatest = addressLatest
        self.recordedID = recordedID
    }
}
