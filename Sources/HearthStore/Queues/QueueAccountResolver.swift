public import Foundation
public import HearthCore

/// Turns a ``QueueConnection`` into the queue account it names, for one app: the tenant's default
/// account, or a named account that belongs to the app's tenant and whose key matches. A function
/// never reaches another tenant's queues, whatever its settings say.
public struct QueueAccountResolver: Sendable {
    public let store: any QueueStore

    public init(store: any QueueStore) { self.store = store }

    /// The account and queue a queue trigger of `function` of an app of `tenantID` listens to:
    /// `queueName` (after `%Setting%` substitution) lower-cased and checked against Azure's rules,
    /// `connection` resolved against the app's `settings` (``QueueConnection``) and checked here.
    /// - Throws: ``QueueBindingError`` naming the function (never a key).
    public func trigger(
        queueName: String,
        connection: String?,
        settings: [String: String],
        tenantID: UUID,
        function: String
    ) async throws -> (account: QueueAccount, name: QueueName) {
        let name: QueueName
        do {
            name = try QueueName(queueName.lowercased())
        } catch {
            throw QueueBindingError("function '\(function)': \(error.message)")
        }
        let connection = try QueueConnection.resolve(connection: connection, settings: settings, function: function)
        return (try await account(for: connection, tenantID: tenantID, function: function), name)
    }

    /// The account for `connection` of `function` of an app of `tenantID`.
    /// - Throws: ``QueueBindingError`` naming the function and the setting (never the key) when
    ///   the account is unknown, of another tenant, or the key matches neither of its keys.
    public func account(for connection: QueueConnection, tenantID: UUID, function: String) async throws -> QueueAccount {
        switch connection {
        case .tenantDefault:
            return try await store.defaultQueueAccount(tenantID: tenantID, at: Date())
        case .account(let name, let key, let setting):
            let refused = QueueBindingError(
                "function '\(function)': app setting '\(setting)' names queue account '\(name)' with a key that does not open it: "
                    + "it is unknown, belongs to another tenant, or the key is not one of its keys"
            )
            guard let account = try await store.queueAccount(named: name), account.tenantID == tenantID,
                let keys = try await store.queueAccountKeys(accountID: account.id)
            else { throw refused }
            // Both keys are compared, in constant time, so the time taken tells nothing.
            let presented = Array(key)
            let primary = ConstantTime.equal(Array(keys.primary), presented)
            let secondary = ConstantTime.equal(Array(keys.secondary), presented)
            guard primary || secondary else { throw refused }
            return account
        }
    }
}
