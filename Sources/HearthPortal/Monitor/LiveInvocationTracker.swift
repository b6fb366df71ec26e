import Foundation
import HearthCore

/// What the live view has sent so far, and what it must send next: a value state machine fed with
/// what the store answered, returning the invocations to send.
///
/// Each poll asks the store for invocations after ``cursor`` (new ones) and, by id, for the ones
/// it sent while they were still running (``runningIDs``), so a call is sent when it starts and
/// again when it ends.
struct LiveInvocationTracker {
    /// The most invocations the tracker follows until they end; beyond this, a running call is
    /// sent when it starts only (the list view still shows its end).
    static let maxRunning = 100

    /// The position after which new invocations are asked for.
    private(set) var cursor: InvocationCursor?
    private var running: [UUID: InvocationRecord] = [:]

    init(after cursor: InvocationCursor?) {
        self.cursor = cursor
    }

    /// The ids of invocations sent while running, to be asked for again.
    var runningIDs: [UUID] { running.keys.sorted { $0.uuidString < $1.uuidString } }

    /// Takes the invocations found after ``cursor`` (oldest first) and returns those to send.
    mutating func received(new records: [InvocationRecord]) -> [InvocationRecord] {
        for record in records {
            cursor = InvocationCursor(record)
            if record.status == .running, running.count < Self.maxRunning { running[record.id] = record }
        }
        return records
    }

    /// Takes the current state of the invocations in ``runningIDs`` (missing ones were deleted) and
    /// returns those that changed: ended, or logged more lines.
    mutating func refreshed(_ records: [InvocationRecord], asked ids: [UUID]) -> [InvocationRecord] {
        let found = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var changed: [InvocationRecord] = []
        for id in ids {
            guard let before = running[id] else { continue }
            guard let now = found[id] else {
                running[id] = nil
                continue
            }
            if now != before { changed.append(now) }
            running[id] = now.status == .running ? now : nil
        }
        return changed
    }
}
