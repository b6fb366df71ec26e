package import Foundation
package import HearthCore

/// A deployment as the API returns it.
package struct DeploymentDTO: Codable, Sendable {
    package var id: UUID
    package var status: String
    package var active: Bool
    package var message: String?
    package var author: String?
    package var functionNames: [String]
    package var packageSha256: String
    package var packageSize: Int
    package var log: [String]
    package var createdAt: Date
    package var completedAt: Date?
    /// SHA-256 of the upload as it was, when Hearth upgraded it on the way in (download it from
    /// `GET /api/apps/{app}/deployments/{id}/original`); absent otherwise.
    package var originalPackageSha256: String?
    /// Only in the response of the upload that created it: the functions and their URLs.
    package var functions: [FunctionDTO]?

    package init(_ deployment: Deployment, active: Bool, functions: [FunctionDTO]? = nil) {
        id = deployment.id
        status = deployment.status.rawValue
        self.active = active
        message = deployment.message
        author = deployment.author
        functionNames = deployment.functionNames
        packageSha256 = deployment.packageSHA256
        packageSize = deployment.packageSize
        log = deployment.log
        createdAt = deployment.createdAt
        completedAt = deployment.completedAt
        originalPackageSha256 = deployment.originalPackageSHA256
        self.functions = functions
    }
}
