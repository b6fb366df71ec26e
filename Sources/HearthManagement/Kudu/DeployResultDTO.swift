package import Foundation
import HearthCore

/// A deployment as Kudu's `DeployResult` JSON (the shape the dotnet SDK's ZipDeploy task, VS Code and
/// other Kudu clients poll): `status` is Kudu's integer (0 pending, 1 building, 2 deploying,
/// 3 failed, 4 success), `complete` says whether to stop polling. Missing values are `null`.
///
/// Hearth adds `functions` (name, trigger, invoke URLs) to the record of one succeeded deployment,
/// so `hearth publish` can print the app's URLs; Kudu clients ignore unknown fields.
package struct DeployResultDTO: Encodable, Sendable {
    package var id: String
    package var status: Int
    package var statusText: String
    package var authorEmail: String?
    package var author: String?
    package var deployer: String
    package var message: String?
    package var progress: String
    package var receivedTime: Date
    package var startTime: Date
    package var endTime: Date?
    package var lastSuccessEndTime: Date?
    package var complete: Bool
    package var active: Bool
    package var isTemp: Bool
    package var isReadonly: Bool
    package var url: String
    package var logUrl: String
    package var siteName: String
    package var provisioningState: String
    package var functions: [FunctionDTO]?

    enum CodingKeys: String, CodingKey {
        case id, status, author, deployer, message, progress, complete, active, url, functions
        case statusText = "status_text"
        case authorEmail = "author_email"
        case receivedTime = "received_time"
        case startTime = "start_time"
        case endTime = "end_time"
        case lastSuccessEndTime = "last_success_end_time"
        case isTemp = "is_temp"
        case isReadonly = "is_readonly"
        case logUrl = "log_url"
        case siteName = "site_name"
        case provisioningState
    }

    init(_ deployment: Deployment, app: AppRecord, base: String, lastSuccess: Date?, functions: [FunctionDTO]? = nil) {
        id = deployment.id.uuidString.lowercased()
        status = Self.kuduStatus(deployment.status)
        complete = deployment.status == .succeeded || deployment.status == .failed
        statusText =
            switch deployment.status {
            case .pending: "Pending"
            case .validating: "Deploying"
            case .failed: "Failed"
            case .succeeded: "Success"
            }
        provisioningState =
            switch deployment.status {
            case .pending, .validating: "InProgress"
            case .failed: "Failed"
            case .succeeded: "Succeeded"
            }
        authorEmail = KuduDeployLog.value(KuduDeployLog.authorEmailPrefix, in: deployment.log)
        author = deployment.author
        deployer = KuduDeployLog.value(KuduDeployLog.deployerPrefix, in: deployment.log) ?? "Hearth"
        message = deployment.message
        progress = complete ? "" : statusText
        receivedTime = deployment.createdAt
        startTime = deployment.createdAt
        endTime = deployment.completedAt
        lastSuccessEndTime = lastSuccess
        active = deployment.id == app.activeDeploymentID
        isTemp = false
        isReadonly = false
        url = "\(base)/api/deployments/\(id)"
        logUrl = "\(base)/api/deployments/\(id)/log"
        siteName = app.name
        self.functions = functions
    }

    static func kuduStatus(_ status: Deployment.Status) -> Int {
        switch status {
        case .pending: 0
        case .validating: 2
        case .failed: 3
        case .succeeded: 4
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(status, forKey: .status)
        try c.encode(statusText, forKey: .statusText)
        try c.encode(authorEmail ?? "N/A", forKey: .authorEmail)
        try c.encode(author ?? "N/A", forKey: .author)
        try c.encode(deployer, forKey: .deployer)
        try c.encode(message ?? "", forKey: .message)
        try c.encode(progress, forKey: .progress)
        try c.encode(receivedTime, forKey: .receivedTime)
        try c.encode(startTime, forKey: .startTime)
        if let endTime { try c.encode(endTime, forKey: .endTime) } else { try c.encodeNil(forKey: .endTime) }
        if let lastSuccessEndTime {
            try c.encode(lastSuccessEndTime, forKey: .lastSuccessEndTime)
        } else {
            try c.encodeNil(forKey: .lastSuccessEndTime)
        }
        try c.encode(complete, forKey: .complete)
        try c.encode(active, forKey: .active)
        try c.encode(isTemp, forKey: .isTemp)
        try c.encode(isReadonly, forKey: .isReadonly)
        try c.encode(url, forKey: .url)
        try c.encode(logUrl, forKey: .logUrl)
        try c.encode(siteName, forKey: .siteName)
        try c.encode(provisioningState, forKey: .provisioningState)
        try c.encodeIfPresent(functions, forKey: .functions)
    }
}
