import Foundation
import HearthCore
import HearthStore
import Hummingbird
import NIOCore

/// The live view's stream for one app: polls the store (the only channel between management and
/// the workers, which may be other processes) for invocations from a little before the newest one
/// sent (``LiveInvocationTracker`` skips those sent already, so records committed late are not
/// missed), and for the end of those sent while running, and writes each as a Server-Sent Event.
struct LiveInvocationFeed: Sendable {
    let store: any ManagementStore
    let appID: UUID
    let filter: InvocationFilter
    /// How often the store is asked.
    var pollInterval: Duration = .milliseconds(500)
    /// How long the stream may stay silent before a comment line keeps it open.
    var heartbeatInterval: Duration = .seconds(15)
    /// How long one stream lasts. The session and the person's rights are checked when a stream
    /// opens, so a stream ends after this and the browser reconnects (`retry: 2000`) through the
    /// checks again: a signed-out, disabled or removed person stops receiving within this time.
    var maximumDuration: Duration = .seconds(300)
    static let batch = 100

    /// The position of the newest invocation now: the stream sends what comes after it.
    func start() async throws -> InvocationCursor? {
        try await store.invocations(appID: appID, filter: filter, limit: 1).first.map(InvocationCursor.init)
    }

    /// One poll: the events to send now, in order.
    func poll(_ tracker: inout LiveInvocationTracker) async throws -> [InvocationRecord] {
        let ids = tracker.runningIDs
        var refreshed: [InvocationRecord] = []
        for id in ids {
            if let record = try await store.invocation(id: id), record.appID == appID { refreshed.append(record) }
        }
        let ended = tracker.refreshed(refreshed, asked: ids)
        var new: [InvocationRecord] = []
        // A full batch is read through at once (up to a bound), so a busy window does not lag.
        for _ in 0..<Self.batchesPerPoll {
            let batch = try await store.invocations(appID: appID, after: tracker.nextQuery, filter: filter, limit: Self.batch)
            new += tracker.received(new: batch, batchWasFull: batch.count == Self.batch)
            guard batch.count == Self.batch else { break }
        }
        return ended + new
    }

    /// The most batches one poll (or the opening) reads.
    static let batchesPerPoll = 10

    /// Before the first poll: the invocations the page shows already (those within the tracker's
    /// look-back before the starting point), remembered so that they are not sent again.
    func open(_ tracker: inout LiveInvocationTracker) async throws {
        for _ in 0..<Self.batchesPerPoll {
            let batch = try await store.invocations(appID: appID, after: tracker.nextQuery, filter: filter, limit: Self.batch)
            tracker.shown(batch, batchWasFull: batch.count == Self.batch)
            guard batch.count == Self.batch else { break }
        }
        tracker.shown([], batchWasFull: false)
    }

    /// Writes events until the task is cancelled or a write fails (the client went away).
    func stream(after cursor: InvocationCursor?, to writer: inout any ResponseBodyWriter) async throws {
        var tracker = LiveInvocationTracker(after: cursor)
        try await open(&tracker)
        let clock = ContinuousClock()
        try await writer.write(ByteBuffer(string: "retry: 2000\n" + ServerSentEvent.comment("live")))
        var lastWrite = clock.now
        let opened = clock.now
        while !Task.isCancelled, opened.duration(to: clock.now) < maximumDuration {
            let records = try await poll(&tracker)
            if !records.isEmpty {
                let text = records.map { LiveInvocationEvent($0).serverSentEvent.text }.joined()
                try await writer.write(ByteBuffer(string: text))
                lastWrite = clock.now
            } else if lastWrite.duration(to: clock.now) >= heartbeatInterval {
                try await writer.write(ByteBuffer(string: ServerSentEvent.comment("heartbeat")))
                lastWrite = clock.now
            }
            try await Task.sleep(for: pollInterval)
        }
        try await writer.finish(nil)
    }
}
