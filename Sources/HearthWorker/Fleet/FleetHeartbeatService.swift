import Foundation
import HearthCore
import HearthListeners
import HearthStore
import HearthSystem
import Logging
import ServiceLifecycle

/// Registers the worker in the fleet once its front listens (run beside the ``AppCatalog``, whose
/// load it reports, for as long as the catalog runs), then heartbeats every
/// ``WorkerFleetConfiguration/heartbeatInterval`` with its load. When the store answers that the
/// worker was revoked (or refuses it), the worker stops taking work: its catalog drops every app
/// (handlers stop; timers and queue triggers find none) and its front answers 503. A store that
/// cannot be reached is logged and retried; the worker keeps serving meanwhile.
struct FleetHeartbeatService: Service {
    let store: any FleetStore
    let catalog: AppCatalog
    let configuration: WorkerConfiguration
    let identity: FleetIdentity?
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            guard let port = await catalog.membership.boundPort() else { return }
            let registration = self.registration(port: port)
            var machine = FleetHeartbeat()
            while !Task.isCancelled {
                await step(&machine, registration: registration)
                await refreshRoutes(machine)
                // Stopped: nothing more to ask, but the service keeps running (a service that
                // returns ends its group); the front answers 503 until the process stops.
                let pause = machine.next == .none ? Duration.seconds(3600) : configuration.fleet.heartbeatInterval
                try? await Task.sleep(for: pause)
            }
        }
    }

    /// The registration this worker makes: the configured values, the advertised URL defaulting
    /// to its front's scheme, host and bound port.
    func registration(port: Int) -> WorkerRegistration {
        let fleet = configuration.fleet
        return WorkerRegistration(
            name: fleet.name,
            advertiseURL: fleet.advertiseURL ?? Self.defaultAdvertiseURL(configuration: configuration, port: port),
            capacityMB: fleet.capacityMB,
            labels: fleet.labels,
            version: HearthVersion.current,
            availability: fleet.availability,
            timeZone: fleet.timeZone,
            publicKey: identity?.publicKey
        )
    }

    static func defaultAdvertiseURL(configuration: WorkerConfiguration, port: Int) -> String {
        let scheme = configuration.listener.tls == nil ? "http" : "https"
        let host = ["0.0.0.0", "::", "[::]", ""].contains(configuration.host) ? MachineName.current : configuration.host
        return "\(scheme)://\(host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host):\(port)"
    }

    /// Reads the placements after each beat, so the front, timers and queue trigger follow them
    /// within one ``WorkerFleetConfiguration/heartbeatInterval``.
    private func refreshRoutes(_ machine: FleetHeartbeat) async {
        guard case .heartbeat(let id) = machine.next else { return }
        do {
            try await catalog.routing.refresh(store: store, selfID: id)
        } catch {
            logger.warning("cannot read the fleet's placements; keeping the last ones", metadata: ["error": "\(error)"])
        }
        await Self.refreshForwardingKey(catalog.routing, store: store, configuration: configuration, logger: logger)
    }

    /// A worker without the master key (no configured forwarding key) reads the forwarding key
    /// wrapped for it: at start and after every beat, so it forwards within a beat of the placer
    /// wrapping it and follows a new master key's. The key is never logged; a wrap that does not
    /// open is a logged problem naming the worker, and the last key stays in use.
    static func refreshForwardingKey(_ routing: FleetRouting, store: any FleetStore, configuration: WorkerConfiguration, logger: Logger) async {
        guard configuration.fleet.forwardingKey == nil else { return }
        do {
            if try await routing.refreshKey(store: store) {
                logger.info(
                    "received the fleet forwarding key: this worker forwards and accepts forwarded requests",
                    metadata: ["worker": "\(configuration.fleet.name)"]
                )
            }
        } catch {
            logger.error(
                "cannot open the fleet forwarding key wrapped for this worker; it does not forward yet",
                metadata: ["worker": "\(configuration.fleet.name)", "error": "\(error)"]
            )
        }
    }

    private func step(_ machine: inout FleetHeartbeat, registration: WorkerRegistration) async {
        let action: FleetHeartbeat.Action
        do {
            switch machine.next {
            case .register:
                action = machine.registered(try await store.registerWorker(registration, credentialHash: identity?.credentialHash, at: Date()))
            case .heartbeat(let id):
                let answer = try await store.heartbeat(workerID: id, credentialHash: identity?.credentialHash, load: catalog.fleetLoad, at: Date())
                action = machine.heartbeatAnswered(answer)
            case .none:
                return
            }
        } catch {
            logger.warning("cannot reach the fleet registry in the store; retrying", metadata: ["error": "\(error)"])
            return
        }
        switch action {
        case .none: break
        case .joined(let id, let state):
            catalog.membership.recordMember(id: id, state: state)
            logger.info(
                "registered in the fleet",
                metadata: [
                    "worker": "\(registration.name)", "id": "\(id)", "state": "\(state.rawValue)", "advertise": "\(registration.advertiseURL)",
                ]
            )
        case .stateChanged(let state):
            if let id = catalog.membership.member?.id { catalog.membership.recordMember(id: id, state: state) }
            logger.notice("the fleet set this worker \(state.rawValue)", metadata: ["worker": "\(registration.name)"])
        case .stopServing(let reason):
            logger.error("stopped taking work: \(reason)", metadata: ["worker": "\(registration.name)"])
            catalog.membership.revoke(reason)
            await catalog.refresh(force: true)
        }
    }
}
