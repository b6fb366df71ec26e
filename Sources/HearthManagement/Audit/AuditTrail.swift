public import Foundation
public import HearthCore
public import HearthStore
public import Logging

/// Appends events to the audit log. Recording never fails the action it describes: a store error
/// is logged (without the event's detail) and swallowed.
public struct AuditTrail: Sendable {
    let store: any AuditStore
    let logger: Logger

    /// Creates a trail writing to `store`.
    public init(store: any AuditStore, logger: Logger = Logger(label: "hearth.audit")) {
        self.store = store
        self.logger = logger
    }

    /// Appends `event`.
    public func record(_ event: AuditEvent) async {
        do {
            try await store.appendAudit(event)
        } catch {
            logger.error("audit event not recorded", metadata: ["action": "\(event.action)", "error": "\(error)"])
        }
    }

    /// The actor for a command-line change: the OS user running `hearth`.
    public static func commandLineActor(environment: [String: String] = ProcessInfo.processInfo.environment) -> AuditEvent.Actor {
        let name = environment["USER"] ?? environment["LOGNAME"] ?? NSUserName()
        return AuditEvent.Actor(kind: .cli, name: name.isEmpty ? "unknown" : name)
    }
}
