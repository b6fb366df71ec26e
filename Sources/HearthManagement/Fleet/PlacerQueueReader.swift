import Foundation
import HearthCore
import HearthPackages
import HearthStore
import Synchronization

/// Reads, for the placer, the queue triggers of each app's active deployment and resolves them
/// the way the worker's queue trigger does: the package loaded with the app's current settings
/// (``AppInspector``, so `%Setting%` queue names are substituted as on the worker), the connection
/// by ``QueueConnection`` and ``QueueAccountResolver`` (only queue accounts of the app's tenant).
/// Then the depths of all queues in one query, into ``PlacerQueues``.
///
/// A deployment's triggers are loaded once per deployment and settings, and kept in memory (a
/// placer that takes over loads them again). A package that does not load is reported like a
/// trigger that cannot be resolved.
final class PlacerQueueReader: Sendable {
    /// A queue trigger with the function it belongs to, as read from a package.
    private struct QueueTrigger: Sendable, Hashable {
        var function: String
        var queueName: String
        var connection: String?
    }

    private struct Loaded {
        var deploymentID: UUID
        var settings: [String: String]
        /// The enabled queue triggers, or why the package did not load.
        var triggers: Result<[QueueTrigger], QueueBindingError>
    }

    let store: any ManagementStore
    let limits: PackageArchive.Limits
    private let loaded = Mutex<[UUID: Loaded]>([:])

    init(store: any ManagementStore, limits: PackageArchive.Limits = PackageArchive.Limits()) {
        self.store = store
        self.limits = limits
    }

    /// The queue-triggered apps among `apps` (those serving a deployment) with their depths at `date`.
    /// - Throws: A store error reading deployments or queue depths (a trigger that cannot be
    ///   resolved is a problem in the result, not an error).
    func read(apps: [AppRecord], settings: [UUID: [AppSetting]], at date: Date) async throws -> PlacerQueues {
        var triggers: [UUID: [PlacerQueues.Trigger]] = [:]
        var serving: Set<UUID> = []
        for app in apps {
            guard let deploymentID = app.activeDeploymentID else { continue }
            serving.insert(app.id)
            var values: [String: String] = [:]
            for setting in settings[app.id] ?? [] { values[setting.name] = setting.value }
            switch try await queueTriggers(app: app, deploymentID: deploymentID, settings: values) {
            case .failure(let error):
                triggers[app.id] = [PlacerQueues.Trigger(function: "", listens: .unusable(error.message))]
            case .success(let list):
                guard !list.isEmpty else { continue }
                var resolved: [PlacerQueues.Trigger] = []
                for trigger in list {
                    resolved.append(PlacerQueues.Trigger(function: trigger.function, listens: await listens(trigger, app: app, settings: values)))
                }
                triggers[app.id] = resolved
            }
        }
        loaded.withLock { loaded in loaded = loaded.filter { serving.contains($0.key) } }
        guard !triggers.isEmpty else { return PlacerQueues() }
        let usable = triggers.values.joined().contains { trigger in
            if case .queue = trigger.listens { return true }
            return false
        }
        return PlacerQueues(triggers: triggers, depths: usable ? try await store.queueDepths(at: date) : [])
    }

    /// The enabled queue triggers of the deployment, loaded with `settings` (cached).
    private func queueTriggers(
        app: AppRecord,
        deploymentID: UUID,
        settings: [String: String]
    ) async throws -> Result<[QueueTrigger], QueueBindingError> {
        if let hit = loaded.withLock({ $0[app.id] }), hit.deploymentID == deploymentID, hit.settings == settings {
            return hit.triggers
        }
        guard let deployment = try await store.deployment(id: deploymentID),
            let package = try await store.package(sha256: deployment.packageSHA256)
        else {
            return .failure(QueueBindingError("the package of deployment \(deploymentID) is missing from the store"))
        }
        let result: Result<[QueueTrigger], QueueBindingError>
        do {
            let app = try await AppInspector.loadOffThePool(package: package, settings: settings, limits: limits)
            result = .success(
                app.functions.compactMap { function in
                    guard function.triggerType == "queueTrigger", !function.disabled, let queueName = function.queueName else { return nil }
                    return QueueTrigger(function: function.name, queueName: queueName, connection: function.connection)
                }
            )
        } catch {
            result = .failure(QueueBindingError("deployment \(deploymentID) does not load with the current settings: \(error)"))
        }
        loaded.withLock { $0[app.id] = Loaded(deploymentID: deploymentID, settings: settings, triggers: result) }
        return result
    }

    /// The queue `trigger` listens to, resolved as the worker resolves it, or why it cannot run.
    private func listens(_ trigger: QueueTrigger, app: AppRecord, settings: [String: String]) async -> PlacerQueues.Listens {
        do {
            let (account, name) = try await QueueAccountResolver(store: store).trigger(
                queueName: trigger.queueName,
                connection: trigger.connection,
                settings: settings,
                tenantID: app.tenantID,
                function: trigger.function
            )
            return .queue(account: account.name, name: name.rawValue)
        } catch let error as QueueBindingError {
            return .unusable(error.message)
        } catch {
            return .unusable("function '\(trigger.function)': its queue account cannot be read: \(error)")
        }
    }
}
