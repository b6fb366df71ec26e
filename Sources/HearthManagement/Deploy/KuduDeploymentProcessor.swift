import Foundation
import HearthCore
import HearthStore
import Logging

/// Takes a queued Kudu deployment through validate → store → switch, writing each step to the
/// deployment's log.
///
/// Atomic like the REST path: the package is validated (zip safety limits, host.json, every
/// function.json) before anything is stored, and the app switches to it in one store transaction
/// only after that. On any failure the record ends `failed` with the reason in its message and log,
/// the refused zip is not stored (the record keeps ``Deployment/noPackageSHA256``), and the
/// previous deployment keeps serving.
///
/// Unlike `POST /api/apps/{app}/deployments`, which answers 422 and records nothing, a failed Kudu
/// deployment *is* recorded: Kudu clients (`isAsync=true`) have already been told 202 and poll the
/// record for the outcome, so the failure must be readable there.
struct KuduDeploymentProcessor {
    let store: any ManagementStore
    let configuration: ManagementConfiguration
    let logger: Logger

    func process(_ job: KuduDeploymentJob) async -> Deployment {
        var deployment = job.deployment
        deployment.status = .validating
        deployment.log.append(KuduDeployLog.line("validating the package"))
        await save(deployment)
        do {
            let settings = try await store.settingValues(appID: job.app.id)
            var buildLog: [String] = []
            let prepared = try await PreparedPackage.prepare(
                job.package,
                settings: settings,
                upgradeRequested: job.upgrade,
                configuration: configuration,
                note: { buildLog.append($0) }
            )
            let package = prepared.package
            let loaded = prepared.app
            deployment.log += buildLog.map { KuduDeployLog.line($0) }
            let names = loaded.functionNames
            deployment.log.append(KuduDeployLog.line("validated: \(names.count) function(s): \(names.joined(separator: ", "))"))
            for warning in loaded.warnings { deployment.log.append(KuduDeployLog.line("warning: \(warning)")) }
            deployment.packageSize = package.count
            var storeLog: [String] = []
            let (sha, originalSHA) = try await prepared.storePackages(in: store, note: { storeLog.append($0) })
            deployment.log += storeLog.map { KuduDeployLog.line($0) }
            deployment.originalPackageSHA256 = originalSHA
            deployment.packageSHA256 = sha
            deployment.functionNames = names
            deployment.status = .succeeded
            deployment.message = deployment.message ?? "deployed \(names.count) function\(names.count == 1 ? "" : "s")"
            deployment.completedAt = Date()
            // The settings the upgrade implies go in with the record, in one transaction, or not at all.
            try await store.updateDeployment(deployment, applying: prepared.settings)
            try await DefaultKeyProvisioner.provision(appID: job.app.id, functions: names, store: store)
            try await store.activateDeployment(appID: job.app.id, deploymentID: deployment.id)
            deployment.log.append(KuduDeployLog.line("deployment successful: now serving \(job.app.name)"))
            await save(deployment)
            configuration.metrics.deployed(succeeded: true)
            logger.info("kudu deployment succeeded", metadata: ["app": "\(job.app.name)", "deployment": "\(deployment.id)"])
        } catch {
            let failure = Self.describe(error)
            deployment.status = .failed
            deployment.message = failure.message
            deployment.completedAt = Date()
            deployment.log.append(KuduDeployLog.line("error: \(failure.message)"))
            for detail in failure.details {
                deployment.log.append(KuduDeployLog.line("error: \(detail.file) \(detail.path): \(detail.problem) Fix: \(detail.fix)"))
            }
            deployment.log.append(KuduDeployLog.line("failed: the previous deployment keeps serving"))
            await save(deployment)
            configuration.metrics.deployed(succeeded: false)
            logger.notice(
                "kudu deployment failed",
                metadata: ["app": "\(job.app.name)", "deployment": "\(deployment.id)", "reason": "\(failure.code)"]
            )
        }
        return deployment
    }

    /// The caller-facing error for a failure; unknown errors are reported generically (and logged by
    /// the caller with the reason code only).
    static func describe(_ error: any Error) -> ManagementError {
        if let convertible = error as? any ManagementErrorConvertible { return convertible.managementError }
        return ManagementError(.internalError, "an internal error stopped the deployment; the server log has the details")
    }

    /// Writes the record; a store failure here is logged (the record then shows its last saved step).
    func save(_ deployment: Deployment) async {
        do {
            try await store.updateDeployment(deployment)
        } catch {
            logger.error("cannot update a deployment record", metadata: ["deployment": "\(deployment.id)", "error": "\(String(reflecting: error))"])
        }
    }
}
