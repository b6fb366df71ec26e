/// `GET /api/apps/{app}`: the record, what the worker reports, the serving deployment and its functions.
struct AppDetailDTO: Codable, Sendable {
    var app: AppDTO
    var status: AppStatusDTO?
    var activeDeployment: DeploymentDTO?
    var functions: [FunctionDTO]
    /// Set when the active deployment no longer loads with the current settings (a setting it
    /// references was deleted, for example).
    var functionsError: String?
    /// Custom host names kept but routed nowhere, with the reason (names stored before the rules of
    /// ``HostNameRules`` that break them).
    var disabledHostNames: [DisabledHostNameDTO] = []
}
