import Foundation
import HearthCore
import Testing

@Suite struct UUIDTests {
    @Test func timeOrderedIdsAreVersion7AndCarryTheirMillisecond() {
        let date = Date(timeIntervalSince1970: 1_790_000_000.123)
        let id = UUID.timeOrdered(at: date)
        let bytes = withUnsafeBytes(of: id.uuid) { Array($0) }
        #expect(bytes[6] >> 4 == 7)
        #expect(bytes[8] >> 6 == 0b10)
        let milliseconds = bytes[0..<6].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(milliseconds == 1_790_000_000_123)
        #expect(UUID.timeOrdered(at: date) != id)
    }

    /// Within one millisecond the order is random (by design); across milliseconds it is the time's.
    @Test func laterIdsSortLaterAsText() {
        var previous = UUID.timeOrdered(at: Date(timeIntervalSince1970: 1_000_000))
        for step in 1...200 {
            let next = UUID.timeOrdered(at: Date(timeIntervalSince1970: 1_000_000 + Double(step) * 0.002))
            #expect(previous.uuidString < next.uuidString)
            #expect(previous.uuidString.lowercased() < next.uuidString.lowercased())
            previous = next
        }
    }

    @Test func randomIdsAreVersion4AndDistinct() {
        let ids = (0..<1000).map { _ in UUID.random() }
        #expect(Set(ids).count == 1000)
        for id in ids {
            let bytes = withUnsafeBytes(of: id.uuid) { Array($0) }
            #expect(bytes[6] >> 4 == 4)
            #expect(bytes[8] >> 6 == 0b10)
        }
    }
}
