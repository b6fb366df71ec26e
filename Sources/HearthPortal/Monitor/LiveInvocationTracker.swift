import Foundation
import HearthCore

/// What the live view has sent so far, and what it must send next: a value state machine fed with
/// what the store answered, returning the invocations to send.
///
/// Each poll asks the store for invocations from ``nextQuery`` on (new ones) and, by id, for the
/// ones it sent while they were still running (``runningIDs``), so a call is sent when it starts
/// and again when it ends.
///
/// Records do not reach the store in the order they started: a worker writes a short call once,
/// when it ends, up to its flush interval after it started, and several workers commit side by
/// side. So a poll does not start after the newest invocation seen but ``lookback`` before it, and
/// the ids already sent within that window are remembered and skipped: a record committed late is
/// still sent, once. When a poll's batch comes back full the next query continues after its last
/// record instead (``received(new:batchWasFull:)``), so a busy window is read through, not re-read.
struct LiveInvocationTracker {
    /// The most invocations the tracker follows until they end; beyond this, a running call is
    /// sent when it starts only (the list view still shows its end).
    static let maxRunning = 100
    /// How far before the newest invocation seen each poll looks again, for records committed late:
    /// far beyond a worker's flush interval (200 ms) and a busy store's commit.
    static let lookback: TimeInterval = 5

    /// The position of the last invocation received.
    private(set) var cursor: InvocationCursor?
    private var running: [UUID: InvocationRecord] = [:]
    /// The stream's starting point: what is at or before it the page showed already.
    private let start: InvocationCursor?
    /// The newest start time seen (the window's end).
    private var newest: Date?
    /// The ids sent (or shown by the page) that started within ``lookback`` of ``newest``.
    private var seen: [UUID: Date] = [:]
    /// Where a read-through of a full batch continues; `nil`: look back from ``newest``.
    private var scanFrom: InvocationCursor?

    init(after cursor: InvocationCursor?) {
        self.cursor = cursor
        self.start = cursor
        self.newest = cursor?.startedAt
    }

    /// The ids of invocations sent while running, to be asked for again.
    var runningIDs: [UUID] { running.keys.sorted { $0.uuidString < $1.uuidString } }

    /// Where the next query for new invocations starts (exclusive); `nil`: from the first.
    var nextQuery: InvocationCursor? {
        if let scanFrom { return scanFrom }
        guard let newest else { return nil }
        return InvocationCursor(startedAt: newest.addingTimeInterval(-Self.lookback), id: Self.lowestID)
    }

    static let lowestID = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    /// Takes what the page already showed when the stream opened: the records of the first query
    /// at or before the starting point are remembered as sent, later ones are left for the polls.
    mutating func shown(_ records: [InvocationRecord], batchWasFull: Bool) {
        for record in records where start.map({ !Self.isAfter(record, $0) }) ?? false {
            seen[record.id] = record.startedAt
        }
        scanFrom = batchWasFull ? records.last.map(InvocationCursor.init) : nil
    }

    /// Takes the invocations the store found from ``nextQuery`` on (oldest first) and returns those
    /// not sent yet. `batchWasFull`: the store returned as many as asked, so more may follow.
    mutating func received(new records: [InvocationRecord], batchWasFull: Bool = false) -> [InvocationRecord] {
        var fresh: [InvocationRecord] = []
        for record in records {
            cursor = InvocationCursor(record)
            guard seen[record.id] == nil else { continue }
            seen[record.id] = record.startedAt
            if newest.map({ record.startedAt > $0 }) ?? true { newest = record.startedAt }
            if record.status == .running, running.count < Self.maxRunning { running[record.id] = record }
            fresh.append(record)
        }
        scanFrom = batchWasFull ? records.last.map(InvocationCursor.init) : nil
        if let newest {
            let oldest = newest.addingTimeInterval(-Self.lookback)
            seen = seen.filter { $0.value >= oldest }
        }
        return fresh
    }

    /// Whether `record` comes after `cursor` in the store's order (start time, then id).
    static func isAfter(_ record: InvocationRecord, _ cursor: InvocationCursor) -> Bool {
        record.startedAt > cursor.startedAt || (record.startedAt == cursor.startedAt && record.id.uuidString > cursor.id.uuidString)
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
