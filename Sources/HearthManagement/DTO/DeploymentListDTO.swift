/// `GET /api/apps/{app}/deployments`, newest first.
struct DeploymentListDTO: Codable, Sendable {
    var deployments: [DeploymentDTO]
}
