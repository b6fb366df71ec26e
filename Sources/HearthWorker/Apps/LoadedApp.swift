import Foundation
import HearthCore

/// An app as a worker serves it: its active deployment unpacked and parsed, with its routes, keys
/// and settings. Replaced as a whole when any of them changes.
struct LoadedApp: Sendable {
    var record: AppRecord
    var deployment: Deployment
    var model: FunctionApp
    /// The unpacked deployment.
    var root: URL
    var routes: RouteTable
    /// Function definitions by lower-cased name.
    var functions: [String: FunctionDefinition]
    var keys: KeySet
    var settings: [String: String]
    var timeZone: TimeZone
    /// Runs the app's code; shared by every request until the deployment or settings change.
    var handler: any AppWorker

    func function(named name: String) -> FunctionDefinition? { functions[name.lowercased()] }

    /// The function timeout of host.json (`nil` = unbounded).
    var functionTimeout: Duration? { model.host.functionTimeout }
}
