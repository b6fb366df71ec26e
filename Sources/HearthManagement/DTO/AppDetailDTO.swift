/// `GET /api/apps/{app}`: the record, what the worker reports, the serving deployment and its functions.
package struct AppDetailDTO: Codable, Sendable {
    package var app: AppDTO
    package var status: AppStatusDTO?
    package var activeDeployment: DeploymentDTO?
    package var functions: [FunctionDTO]
    /// Set when the active deployment no longer loads with the current settings (a setting it
    /// references was deleted, for example).
    package var functionsError: String?
    /// Custom host names kept but routed nowhere, with the reason (names stored before the rules of
    /// ``HostNameRules`` that break them).
    package var disabledHostNames: [DisabledHostNameDTO] = []
}
