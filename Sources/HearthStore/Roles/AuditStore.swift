public import Foundation
public import HearthCore

/// The audit log: every change through the portal, the API, Kudu or the CLI, and every sign-in.
///
/// Append-only: the database itself refuses to change or delete rows (SQLite triggers; on SQL
/// Server the runtime's role `hearth_runtime` is denied UPDATE and DELETE). The only ways rows go
/// are ``purgeAudit(before:)`` (retention) and ``ManagementStore/resetToFactory()``, each through a
/// guarded path of the backend.
///
/// Part of ``ManagementStore``; workers never see it. Every method may throw
/// ``StoreError/Code/unavailable`` when the database cannot be reached.
public protocol AuditStore: Sendable {
    /// Appends an event.
    ///
    /// Throws ``StoreError/Code/conflict`` when the id is taken.
    func appendAudit(_ event: AuditEvent) async throws

    /// The newest events matching `query`, newest first (by time, then by order of appending).
    func auditEvents(_ query: AuditQuery) async throws -> [AuditEvent]

    /// A page of the whole log in the order it was appended, for export: the `limit` events
    /// appended after the event with id `after` (from the start when `nil`).
    ///
    /// An `after` that is not in the log gives an empty page.
    func exportAudit(after: UUID?, limit: Int) async throws -> [AuditEvent]

    /// Deletes the events before `date` (retention); returns how many.
    func purgeAudit(before date: Date) async throws -> Int
}
