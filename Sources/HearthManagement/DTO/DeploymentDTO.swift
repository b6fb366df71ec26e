import Foundation
import HearthCore

/// A deployment as the API returns it.
struct DeploymentDTO: Codable, Sendable {
    var id: UUID
    var status: String
    var active: Bool
    var message: String?
    var author: String?
    var functionNames: [String]
    var packageSha256: String
    var packageSize: Int
    var log: [String]
    var createdAt: Date
    var completedAt: Date?
    /// Only in the response of the upload that created it: the functions and their URLs.
    var functions: [FunctionDTO]?

    init(_ deployment: Deployment, active: Bool, functions: [FunctionDTO]? = nil) {
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
        self.functions = functions
    }
}
