package import HearthCore
package import HearthStore

extension ManagementStore {
    /// The function of `app`'s active deployment that `requested` names (compared case-insensitively),
    /// spelled as the deployment spells it; 404 when the app has no active deployment or no such function.
    package func activeFunctionName(_ requested: String, of app: AppRecord) async throws -> String {
        guard let id = app.activeDeploymentID, let deployment = try await deployment(id: id) else {
            throw ManagementError(
                .notFound,
                "app '\(app.name)' has no active deployment, so it has no function '\(requested)'; deploy the app first"
            )
        }
        guard let name = deployment.functionNames.first(where: { $0.lowercased() == requested.lowercased() }) else {
            let known = deployment.functionNames.isEmpty ? "none" : deployment.functionNames.joined(separator: ", ")
            throw ManagementError(.notFound, "app '\(app.name)' has no function named '\(requested)' in its active deployment (functions: \(known))")
        }
        return name
    }
}
