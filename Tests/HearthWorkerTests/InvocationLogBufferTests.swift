import Foundation
import HearthCore
import Testing

@testable import HearthWorker

/// The invocation log's buffer: newest version per record, taken whole, failed batches put back
/// under newer versions.
@Suite struct InvocationLogBufferTests {
    let app = UUID()

    func record(_ id: UUID = UUID(), _ status: InvocationRecord.Status = .running) -> InvocationRecord {
        InvocationRecord(id: id, appID: app, functionName: "Hello", trigger: "http", status: status)
    }

    @Test func aNewerVersionOfARecordReplacesTheOlderOne() {
        var buffer = InvocationLogBuffer()
        let id = UUID()
        buffer.add(record(id, .running))
        buffer.add(record(id, .succeeded))
        #expect(buffer.count == 1)
        #expect(buffer.take()[id]?.status == .succeeded)
    }

    @Test func takeEmptiesTheBufferAndLaterRecordsGoToTheNextTake() {
        var buffer = InvocationLogBuffer()
        let a = record()
        let b = record()
        let c = record()
        buffer.add(a)
        buffer.add(b)
        #expect(Set(buffer.take().keys) == [a.id, b.id])
        #expect(buffer.count == 0)
        buffer.add(c)
        #expect(Set(buffer.take().keys) == [c.id])
        #expect(buffer.take().isEmpty)
    }

    @Test func restorePutsBackFailedRecordsButKeepsNewerVersions() {
        var buffer = InvocationLogBuffer()
        let a = record()
        let b = record()
        buffer.add(a)
        buffer.add(b)
        let failed = Array(buffer.take().values)
        buffer.add(record(a.id, .succeeded))  // a ended while its running version was being written
        buffer.restore(failed)
        let next = buffer.take()
        #expect(next.count == 2)
        #expect(next[a.id]?.status == .succeeded)
        #expect(next[b.id]?.status == .running)
    }

    @Test func recycledStorageHoldsOnlyWhatIsAddedAfterwards() {
        var buffer = InvocationLogBuffer()
        let a = record()
        let b = record()
        let c = record()
        buffer.add(a)
        var taken = buffer.take()
        buffer.add(b)
        taken.removeAll(keepingCapacity: true)
        buffer.recycle(taken)
        #expect(Set(buffer.take().keys) == [b.id])
        buffer.add(c)  // into the recycled storage
        #expect(Set(buffer.take().keys) == [c.id])
    }

    @Test func storageHandedBackWithRecordsInItIsNotUsed() {
        var buffer = InvocationLogBuffer()
        let a = record()
        let b = record()
        buffer.add(a)
        let taken = buffer.take()  // not emptied: its records must not come back as new
        buffer.recycle(taken)
        _ = buffer.take()
        buffer.add(b)
        #expect(Set(buffer.take().keys) == [b.id])
    }

    /// Requests add under the writer's lock: once sizes settle, adding must not grow storage there.
    /// The emptied storage of a batch comes back with its capacity, and a flush that finds nothing
    /// waiting (every idle interval) leaves the buffer's storage as it is.
    @Test func storageKeepsItsCapacityThroughRecyclingAndEmptyTakes() {
        var buffer = InvocationLogBuffer()
        for _ in 0..<300 { buffer.add(record()) }
        var taken = buffer.take()
        let grown = taken.capacity
        #expect(grown >= 300)
        taken.removeAll(keepingCapacity: true)
        buffer.recycle(taken)
        _ = buffer.take()  // nothing waits
        #expect(buffer.capacity == 0)  // the first take left fresh storage; the recycled one is spare
        buffer.add(record())
        _ = buffer.take()  // hands over that record; the recycled storage becomes the buffer's
        #expect(buffer.capacity == grown)
        _ = buffer.take()  // an idle flush
        #expect(buffer.capacity == grown)
    }
}
