public import Foundation

/// One immutable upload of an app's content. Only a `succeeded` deployment can be active.
public struct Deployment: Sendable, Hashable, Codable {
    /// Where a deployment is in its life.
    ///
    /// Extensible: more states will come. `@nonexhaustive` (SE-0487, accepted by Swift 6.3 without
    /// a feature flag) makes a `switch` outside Hearth's package need `@unknown default`, so a new
    /// state is not a source break for clients; Hearth's own modules still switch exhaustively. The
    /// raw values (stored and shown by the API) are unchanged.
    @nonexhaustive
    public enum Status: String, Sendable, Hashable, Codable {
        case pending, validating, failed, succeeded
    }

    public var id: UUID
    public var appID: UUID
    /// SHA-256 (lower-case hex) of the zip package kept in the store.
    public var packageSHA256: String
    public var packageSize: Int
    public var status: Status
    /// A one-line outcome: the validation error, or "deployed 3 functions".
    public var message: String?
    public var author: String?
    /// Functions the deployment contains (filled in after validation).
    public var functionNames: [String]
    /// Timestamped log lines of the deployment steps.
    public var log: [String]
    public var createdAt: Date
    public var completedAt: Date?
    /// SHA-256 of the package as uploaded, when Hearth changed it on the way in (a v1 app upgraded
    /// at deploy time); ``packageSHA256`` is then the package that serves. `nil`: served as uploaded.
    public var originalPackageSHA256: String? = nil

    public init(
        id: UUID = UUID(),
        appID: UUID,
        packageSHA256: String,
        packageSize: Int,
        status: Status = .pending,
        message: String? = nil,
        author: String? = nil,
        functionNames: [String] = [],
        log: [String] = [],
        createdAt: Date = Date(),
        completedAt: Date? = nil
    ) {
        self.id = id
        self.appID = appID
        self.packageSHA256 = packageSHA256
        self.packageSize = packageSize
        self.status = status
        self.message = message
        self.author = author
        self.functionNames = functionNames
        self.log = log
        self.createdAt = createdAt
        self.completedAt = completedAt
    }
}
