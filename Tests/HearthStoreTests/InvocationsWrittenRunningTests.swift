import Foundation
import HearthCore
import Testing

@testable import HearthStore

/// The hint of which invocations the store wrote running: a running record is noted, its end
/// forgets it, and past the limit the hint starts again empty (a hint that is wrong only costs a
/// piece's fall-back, never a row).
@Suite struct InvocationsWrittenRunningTests {
    static func record(_ status: InvocationRecord.Status, id: UUID = UUID()) -> InvocationRecord {
        InvocationRecord(id: id, appID: UUID(), functionName: "Job", trigger: "http", startedAt: Date(), status: status)
    }

    @Test func aRunningRecordIsNotedUntilItsEndIsWritten() {
        var hint = InvocationsWrittenRunning()
        let running = Self.record(.running)
        var ended = running
        ended.status = .succeeded
        let other = Self.record(.failed)

        hint.written([running, other])
        #expect(hint.contains(ended))
        #expect(!hint.contains(other))
        hint.written([ended])
        #expect(!hint.contains(ended))
        #expect(hint.ids.isEmpty)
    }

    @Test func pastItsLimitTheHintStartsAgainEmpty() {
        var hint = InvocationsWrittenRunning()
        hint.written((0..<InvocationsWrittenRunning.limit).map { _ in Self.record(.running) })
        #expect(hint.ids.count == InvocationsWrittenRunning.limit)
        hint.written([Self.record(.running)])
        #expect(hint.ids.isEmpty)
    }
}
