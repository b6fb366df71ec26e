import Foundation
import HearthCore
import HearthStore
import Hummingbird

/// A queue account and its two keys, for clients of the Azure-compatible queue endpoint
/// (`AccountName` and `AccountKey` of a connection string): `GET /api/apps/{app}/queue-account`
/// (the default account of the app's tenant, made when an owner or admin first asks) and `GET
/// /api/queue-accounts/{account}`. The keys are shown only to callers who may read secrets, as
/// function keys are; another tenant's app or account is 404.
struct QueueAccountRoutes {
    let store: any ManagementStore

    func register(on group: RouterGroup<ManagementRequestContext>) {
        group.get("apps/:app/queue-account", use: show)
        group.get("queue-accounts/:account", use: show)
    }

    @Sendable func show(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        // Only a caller who may see the keys makes the default account by asking for it (they
        // need its keys for a connection string before any queue exists); others see what exists.
        let account = try await QueueRoutes(store: store).resolveAccount(context, creating: principal.canReadSecrets).existing
        var body = QueueAccountDTO(name: account.name, isDefault: account.isDefault, primaryKey: nil, secondaryKey: nil)
        if principal.canReadSecrets, let keys = try await store.queueAccountKeys(accountID: account.id) {
            body.primaryKey = keys.primary.base64EncodedString()
            body.secondaryKey = keys.secondary.base64EncodedString()
        }
        return try JSONResponse.make(body)
    }
}

/// A queue account as ``QueueAccountRoutes`` shows it.
struct QueueAccountDTO: Encodable {
    var name: String
    var isDefault: Bool
    /// Base64, as Azure shows storage account keys; `nil` for callers who may not read secrets.
    var primaryKey: String?
    var secondaryKey: String?
}
