public import Foundation

/// What the timer monitor remembers per timer function (`useMonitor`): the last and next occurrence.
/// It is what the function receives as `ScheduleStatus`, and how `IsPastDue` is computed.
public struct TimerStatus: Sendable, Hashable, Codable {
    public var last: Date
    public var next: Date
    public var lastUpdated: Date

    public init(last: Date, next: Date, lastUpdated: Date) {
        self.last = last
        self.next = next
        self.lastUpdated = lastUpdated
    }
}
