import Foundation
import HearthCore
import HearthStore

/// Gives every function of a deployment a `default` key when it has no keys yet, as the Azure host
/// does when a function first appears.
enum DefaultKeyProvisioner {
    static func provision(appID: UUID, functions: [String], store: any ManagementStore) async throws {
        let existing = Set(try await store.keys(appID: appID).filter { $0.scope == .function }.compactMap(\.functionName))
        for function in functions where !existing.contains(function) {
            _ = try await store.putKey(
                appID: appID,
                FunctionKey(scope: .function, functionName: function, name: "default", value: KeyValues.generate(.function))
            )
        }
    }
}
