import Foundation
import HearthCore

/// One Kudu upload waiting to be validated and switched to: the pending deployment record (already
/// in the store), the app, the zip, and where to report the finished record.
struct KuduDeploymentJob: Sendable {
    var deployment: Deployment
    var app: AppRecord
    var package: Data
    var done: AsyncStream<Deployment>.Continuation
    /// `upgrade=true` on the zip deploy: upgrade a v1 app on the way in (``V1UpgradePolicy``).
    var upgrade = false
}
