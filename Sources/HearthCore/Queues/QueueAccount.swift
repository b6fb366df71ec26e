public import Foundation

/// A queue account: a namespace of queues owned by one tenant, addressed by name (as an Azure
/// storage account is) and authenticated with one of two keys.
///
/// Each tenant has a default account (``isDefault``), made when it is first needed; more can be
/// created. The keys are not part of this value: they are read with
/// `QueueStore.queueAccountKeys(accountID:)` by those who may see them.
public struct QueueAccount: Sendable, Hashable, Codable {
    public var id: UUID
    public var tenantID: UUID
    /// 3-24 lower-case letters and digits (Azure's storage account rule), unique in the instance.
    public var name: String
    /// Whether this is the tenant's default account (`AzureWebJobsStorage`, `UseDevelopmentStorage=true`).
    public var isDefault: Bool
    /// How long a message moved to a `<queue>-poison` queue is kept (its time to live there).
    public var poisonRetention: TimeInterval
    public var createdAt: Date

    /// Seven days: Azure's default message time to live.
    public static let defaultPoisonRetention: TimeInterval = 7 * 24 * 3600

    public init(
        id: UUID = UUID(),
        tenantID: UUID,
        name: String,
        isDefault: Bool = false,
        poisonRetention: TimeInterval = QueueAccount.defaultPoisonRetention,
        createdAt: Date = Date()
    ) {
        self.id = id
        self.tenantID = tenantID
        self.name = name
        self.isDefault = isDefault
        self.poisonRetention = poisonRetention
        self.createdAt = createdAt
    }

    /// Checks an account name: 3-24 characters of lower-case letters and digits.
    /// - Throws: ``HearthError`` (``HearthError/Code/invalidName``) naming the name and the rule.
    public static func validateName(_ name: String) throws(HearthError) {
        let valid =
            (3...24).contains(name.utf8.count)
            && name.utf8.allSatisfy { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        guard valid else {
            throw HearthError(
                code: .invalidName,
                message: "queue account name '\(name)' is not valid: account names are 3-24 characters of lower-case letters and digits",
                fix: "choose a name such as 'contosoqueues'"
            )
        }
    }

    /// The name of a tenant's default account: the tenant name's letters and digits (at most 16)
    /// followed by the first 8 hex digits of its id, so that two tenants never share one.
    public static func defaultName(tenant: Tenant) -> String {
        let letters = String(tenant.name.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }.prefix(16))
        let suffix = tenant.id.uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(8)
        return letters + suffix
    }
}
