/// `GET /api/apps/{app}/deployments`, newest first.
package struct DeploymentListDTO: Codable, Sendable {
    package var deployments: [DeploymentDTO]
}
