import Foundation
import HearthCore

/// An app as a worker serves it: its active deployment unpacked and parsed, with its routes, keys
/// and settings. Immutable and shared by reference (every request of the app holds it): replaced
/// as a whole when any of them changes.
final class LoadedApp: Sendable {
    let record: AppRecord
    let deployment: Deployment
    let model: FunctionApp
    /// The unpacked deployment.
    let root: URL
    let routes: RouteTable
    /// Function definitions by lower-cased name.
    let functions: [String: FunctionDefinition]
    /// Per entry of ``routes`` (same order), its function as ``function(named:)`` finds it: the
    /// front takes a matched route's function by index, with no lower-cased name to hash.
    let routeFunctions: [FunctionDefinition?]
    /// host.json's route prefix, prepared for the front (``FrontRouter``).
    let routePrefix: RoutePrefix
    let keys: KeySet
    let settings: [String: String]
    /// `HEARTH_ALWAYS_READY` as ``FleetAppSettings`` reads it, parsed once at load (the catalog asks
    /// every poll interval which apps to keep started).
    let alwaysReady: Int
    let timeZone: TimeZone
    /// Runs the app's code; shared by every request until the deployment or settings change.
    let handler: any AppWorker
    /// host.json's `maxConcurrentRequests` and `maxOutstandingRequests` (or the instance's
    /// defaults); `nil` = unbounded. Shared like ``handler``.
    let requestGate: AppRequestGate?
    /// Each function's metric handles, by its name as in ``functions`` (made once, at load).
    let metrics: [String: FunctionMetrics]

    init(
        record: AppRecord,
        deployment: Deployment,
        model: FunctionApp,
        root: URL,
        routes: RouteTable,
        functions: [String: FunctionDefinition],
        keys: KeySet,
        settings: [String: String],
        timeZone: TimeZone,
        handler: any AppWorker,
        requestGate: AppRequestGate?,
        metrics: [String: FunctionMetrics] = [:]
    ) {
        self.record = record
        self.deployment = deployment
        self.model = model
        self.root = root
        self.routes = routes
        self.functions = functions
        self.routeFunctions = routes.entries.map { functions[$0.functionName.lowercased()] }
        self.routePrefix = RoutePrefix(model.host.routePrefix)
        self.keys = keys
        self.settings = settings
        self.alwaysReady = FleetAppSettings(settings).alwaysReady
        self.timeZone = timeZone
        self.handler = handler
        self.requestGate = requestGate
        self.metrics = metrics
    }

    /// The same app and handler with a newer record (host names, name) and keys.
    func with(record: AppRecord, keys: KeySet) -> LoadedApp {
        LoadedApp(
            record: record,
            deployment: deployment,
            model: model,
            root: root,
            routes: routes,
            functions: functions,
            keys: keys,
            settings: settings,
            timeZone: timeZone,
            handler: handler,
            requestGate: requestGate,
            metrics: metrics
        )
    }

    func function(named name: String) -> FunctionDefinition? { functions[name.lowercased()] }

    /// The function timeout of host.json (`nil` = unbounded).
    var functionTimeout: Duration? { model.host.functionTimeout }
}
