public import Foundation

/// Which invocations of an app a list shows: one function (compared case-insensitively), one
/// status, and a start-time range (`since` inclusive, `until` exclusive). `nil` means any.
public struct InvocationFilter: Sendable, Hashable {
    public var functionName: String?
    public var status: InvocationRecord.Status?
    public var since: Date?
    public var until: Date?

    public init(functionName: String? = nil, status: InvocationRecord.Status? = nil, since: Date? = nil, until: Date? = nil) {
        self.functionName = functionName
        self.status = status
        self.since = since
        self.until = until
    }
}

/// A position in an app's invocation log, in start-time order: the start time and id of the last
/// invocation seen (ids break ties between calls started in the same millisecond).
public struct InvocationCursor: Sendable, Hashable {
    public var startedAt: Date
    public var id: UUID

    public init(startedAt: Date, id: UUID) {
        self.startedAt = startedAt
        self.id = id
    }

    public init(_ record: InvocationRecord) { self.init(startedAt: record.startedAt, id: record.id) }
}
