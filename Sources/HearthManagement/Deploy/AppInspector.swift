import Foundation
import HearthCore
import HearthPackages
import NIOPosix

/// Checks a package and loads the function app in it, the way a worker would, without unpacking it
/// to disk. The one place that maps HearthCore's ``FunctionApp`` to what the API shows.
enum AppInspector {
    /// ``load(package:settings:limits:)`` on NIO's blocking thread pool: inflating every entry of a
    /// large package takes seconds of CPU, which must not hold a cooperative thread (on a 2-core
    /// machine two uploads would stall every other request, `/api/health` included).
    static func loadOffThePool(package: Data, settings: [String: String], limits: PackageArchive.Limits) async throws -> ValidatedPackage {
        try await NIOThreadPool.singleton.runIfActive { try load(package: package, settings: settings, limits: limits) }
    }

    /// ``load(package:settings:limits:)`` for a new deployment, off the pool: also refuses a
    /// `FUNCTIONS_WORKER_RUNTIME` Hearth has no worker for (``WorkerRuntimeRule``), as an
    /// ``AppValidationError`` on the app settings. Every deploy path (the API, Kudu, the portal's
    /// upload and code editor) validates here; stored deployments are only loaded, so they still show.
    static func validateOffThePool(
        package: Data,
        settings: [String: String],
        limits: PackageArchive.Limits
    ) async throws -> ValidatedPackage {
        try await NIOThreadPool.singleton.runIfActive {
            let validated = try load(package: package, settings: settings, limits: limits)
            if let issue = WorkerRuntimeRule.issue(for: validated.worker) { throw AppValidationError(issues: [issue]) }
            return validated
        }
    }

    /// - Throws: ``PackageArchiveError`` for an unsafe or broken zip, ``AppValidationError`` for an
    ///   app that does not load (including v1 apps, whose message points to `hearth upgrade`).
    static func load(package: Data, settings: [String: String], limits: PackageArchive.Limits) throws -> ValidatedPackage {
        let listing = try PackageArchive.inspect(package, limits: limits)
        let app = try FunctionAppLoader.load(
            files: listing.files,
            settings: settings,
            read: { try listing.read($0, upTo: FunctionAppLoader.maxDescriptorBytes + 1) }
        )
        var validated = ValidatedPackage(
            functions: app.functions.map(summary),
            routePrefix: app.host.routePrefix,
            warnings: app.warnings.map(\.description)
        )
        validated.worker = AppWorkerKind(workerRuntime: app.workerRuntime, hasCustomHandler: app.host.customHandler != nil)
        return validated
    }

    static func summary(_ function: FunctionDefinition) -> ValidatedPackage.Function {
        var result = ValidatedPackage.Function(name: function.name, triggerType: "", disabled: function.disabled)
        switch function.trigger {
        case .http(let http):
            result.triggerType = "httpTrigger"
            result.authLevel = http.authLevel.description
            result.methods = http.methods.map { $0.sorted() }
            result.route = http.route.template
        case .timer(let timer):
            result.triggerType = "timerTrigger"
            result.schedule = timer.expression
        case .queue(let queue):
            result.triggerType = "queueTrigger"
            result.queueName = queue.queueName
            result.connection = queue.connection
        }
        return result
    }
}
