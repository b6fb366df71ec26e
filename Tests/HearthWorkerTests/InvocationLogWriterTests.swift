import Foundation
import HearthCore
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@testable import HearthWorker

/// The invocation log writer against a store's write that records its batches, and can fail or
/// run something (a request recording) while it is writing.
@Suite struct InvocationLogWriterTests {
    let app = UUID()
    let logger = Logger(label: "invocation-log-writer-test")

    func record(_ id: UUID = UUID(), _ status: InvocationRecord.Status = .running, startedAt: Date = Date()) -> InvocationRecord {
        InvocationRecord(id: id, appID: app, functionName: "Hello", trigger: "http", startedAt: startedAt, status: status)
    }

    /// What the writer handed to the store, and what the store does next time it is called.
    final class FakeWrite: Sendable {
        struct State {
            var batches: [[InvocationRecord]] = []
            var failuresLeft = 0
            var whileWriting: (@Sendable () async -> Void)?
        }
        let state = Mutex(State())

        func write(_ batch: [InvocationRecord]) async throws {
            let hook = state.withLock { s in
                defer { s.whileWriting = nil }
                return s.whileWriting
            }
            await hook?()
            try state.withLock { s in
                if s.failuresLeft > 0 {
                    s.failuresLeft -= 1
                    throw CancellationError()
                }
                s.batches.append(batch)
            }
        }

        var batches: [[InvocationRecord]] { state.withLock { $0.batches } }
    }

    func writer(_ fake: FakeWrite, flushInterval: Duration = .seconds(3600), batchSize: Int = 1_000_000) -> InvocationLogWriter {
        InvocationLogWriter(flushInterval: flushInterval, batchSize: batchSize, logger: logger) { try await fake.write($0) }
    }

    @Test func aBatchIsWrittenInStartOrderAndOnlyOnce() async {
        let fake = FakeWrite()
        let log = writer(fake)
        let now = Date()
        let late = record(startedAt: now)
        let early = record(startedAt: now - 1)
        log.record(late)
        log.record(early)
        await log.flush()
        await log.flush()
        #expect(fake.batches.map { $0.map(\.id) } == [[early.id, late.id]])
    }

    @Test func recordsArrivingWhileABatchIsWrittenAreWrittenByTheNextFlush() async {
        let fake = FakeWrite()
        let log = writer(fake)
        let a = record()
        let b = record()
        log.record(a)
        fake.state.withLock {
            $0.whileWriting = {
                log.record(record(a.id, .succeeded))
                log.record(b)
            }
        }
        await log.flush()
        await log.flush()
        let batches = fake.batches
        #expect(batches.count == 2)
        #expect(batches.first?.map(\.status) == [.running])
        #expect(Set(batches.last?.map(\.id) ?? []) == [a.id, b.id])
        #expect(batches.last?.first { $0.id == a.id }?.status == .succeeded)
    }

    @Test func aFailedBatchIsWrittenNextTimeWithoutOverwritingNewerVersions() async {
        let fake = FakeWrite()
        let log = writer(fake)
        let a = record()
        let b = record()
        log.record(a)
        log.record(b)
        fake.state.withLock {
            $0.failuresLeft = 1
            $0.whileWriting = { log.record(record(a.id, .succeeded)) }
        }
        await log.flush()  // fails: a (running) and b are kept, but a's newer version wins
        #expect(fake.batches.isEmpty)
        await log.flush()
        let written = fake.batches.flatMap { $0 }
        #expect(written.count == 2)
        #expect(written.first { $0.id == a.id }?.status == .succeeded)
        #expect(written.first { $0.id == b.id }?.status == .running)
    }

    @Test func everyRecordRecordedWhileFlushesRunIsWrittenInItsLastVersion() async {
        let fake = FakeWrite()
        let log = writer(fake)
        let ids = (0..<4).map { _ in (0..<2_000).map { _ in UUID() } }
        await withTaskGroup { tasks in
            for chunk in ids {
                tasks.addTask {
                    for id in chunk {
                        log.record(record(id, .running))
                        log.record(record(id, .succeeded))
                    }
                }
            }
            tasks.addTask {
                for _ in 0..<50 { await log.flush() }
            }
        }
        await log.flush()
        var last: [UUID: InvocationRecord.Status] = [:]
        for batch in fake.batches {
            for r in batch { last[r.id] = r.status }
        }
        #expect(Set(last.keys) == Set(ids.flatMap { $0 }))
        #expect(last.values.allSatisfy { $0 == .succeeded })
    }

    @Test func gracefulShutdownWritesEverythingStillBuffered() async throws {
        let fake = FakeWrite()
        let log = writer(fake)  // an hour between flushes: only the shutdown writes
        let records = (0..<500).map { _ in record(UUID(), .succeeded) }
        let group = ServiceGroup(services: [log], logger: logger)
        try await withThrowingTaskGroup { tasks in
            tasks.addTask { try await group.run() }
            for r in records { log.record(r) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(Set(fake.batches.flatMap { $0 }.map(\.id)) == Set(records.map(\.id)))
    }
}
