import Foundation
import HearthCore
import HearthStore
import Logging
public import ServiceLifecycle
import Synchronization

/// Processes Kudu deployments (`POST /api/zipdeploy`) one at a time, off the request path.
///
/// ``ManagementAPI/makeApplication(configuration:)`` runs it in the application's service group,
/// so `hearth serve` needs nothing more. A route submits a job and either returns 202 at once
/// (`isAsync=true`) or waits for the finished record. When no queue is running (a router used on
/// its own), jobs are processed inline by the submitting request instead.
///
/// One app has at most one deployment queued or running (a second gets 409, as in Kudu); the queue
/// holds at most ``ManagementConfiguration/deploymentQueueLimit`` jobs. On start it marks records
/// left `pending` or `validating` by a previous process as failed, so pollers are not left waiting.
public final class DeploymentQueue: Service, Sendable {
    enum Submission {
        /// Accepted; the stream yields the finished record once.
        case accepted(AsyncStream<Deployment>)
        /// The app already has a deployment queued or running.
        case busy
        /// The queue is full.
        case full
    }

    private struct State {
        var jobs: [KuduDeploymentJob] = []
        var busyApps: Set<UUID> = []
        var waiter: CheckedContinuation<Void, Never>?
        var runners = 0
        var stopping = false
    }

    private let state = Mutex(State())
    let processor: KuduDeploymentProcessor
    let limit: Int

    init(store: any ManagementStore, configuration: ManagementConfiguration, logger: Logger) {
        processor = KuduDeploymentProcessor(store: store, configuration: configuration, logger: logger)
        limit = max(1, configuration.deploymentQueueLimit)
    }

    /// Queues a deployment whose pending record is already stored.
    func submit(_ deployment: Deployment, app: AppRecord, package: Data, upgrade: Bool = false) async -> Submission {
        let (stream, continuation) = AsyncStream.makeStream(of: Deployment.self, bufferingPolicy: .bufferingNewest(1))
        let job = KuduDeploymentJob(deployment: deployment, app: app, package: package, done: continuation, upgrade: upgrade)
        enum Decision {
            case queued(CheckedContinuation<Void, Never>?)
            case inline, busy, full
        }
        let decision: Decision = state.withLock { s in
            guard !s.busyApps.contains(app.id) else { return .busy }
            guard s.jobs.count < limit else { return .full }
            s.busyApps.insert(app.id)
            guard s.runners > 0 && !s.stopping else { return .inline }
            s.jobs.append(job)
            defer { s.waiter = nil }
            return .queued(s.waiter)
        }
        switch decision {
        case .busy: return .busy
        case .full: return .full
        case .queued(let waiter):
            waiter?.resume()
        case .inline:
            await finish(job)
        }
        return .accepted(stream)
    }

    /// Runs queued jobs until graceful shutdown; the job in progress is finished first.
    public func run() async throws {
        state.withLock {
            $0.runners += 1
            $0.stopping = false
        }
        defer { state.withLock { $0.runners -= 1 } }
        await recoverInterrupted()
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                while let job = await self.next() {
                    await self.finish(job)
                }
            } onCancel: {
                self.stop()
            }
        } onGracefulShutdown: {
            self.stop()
        }
    }

    private func finish(_ job: KuduDeploymentJob) async {
        let result = await processor.process(job)
        state.withLock { _ = $0.busyApps.remove(job.app.id) }
        job.done.yield(result)
        job.done.finish()
    }

    private func stop() {
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { s in
            s.stopping = true
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }

    /// The next job, or `nil` once stopping.
    private func next() async -> KuduDeploymentJob? {
        while true {
            let taken: KuduDeploymentJob?? = state.withLock { s in
                if !s.jobs.isEmpty { return .some(s.jobs.removeFirst()) }
                return s.stopping ? .some(nil) : nil
            }
            if let taken { return taken }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if !s.jobs.isEmpty || s.stopping { return true }
                    s.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    /// Fails records a previous process left unfinished (their uploads were only in its memory).
    private func recoverInterrupted() async {
        let store = processor.store
        do {
            let queued = state.withLock { Set($0.jobs.map(\.deployment.id)) }
            for app in try await store.apps(tenantID: nil) {
                for var deployment in try await store.deployments(appID: app.id)
                where (deployment.status == .pending || deployment.status == .validating) && !queued.contains(deployment.id)
                    && state.withLock({ !$0.busyApps.contains(app.id) })
                {
                    deployment.status = .failed
                    deployment.message = "the server stopped before this deployment finished; deploy again"
                    deployment.completedAt = Date()
                    deployment.log.append(KuduDeployLog.line("failed: interrupted by a server restart; the previous deployment keeps serving"))
                    try await store.updateDeployment(deployment)
                }
            }
        } catch {
            processor.logger.error("cannot check for interrupted deployments", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
