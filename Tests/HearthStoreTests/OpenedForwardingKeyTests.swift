import Foundation
import Testing

@testable import HearthStore

/// The forwarding key a keyless worker keeps between heartbeats: opened once per wrap row, opened
/// again when the row changes, and a failed open neither replaces nor forgets the kept key.
@Suite struct OpenedForwardingKeyTests {
    static func entry(_ byte: UInt8, keyID: String = "k1") -> OpenedForwardingKey.Entry {
        OpenedForwardingKey.Entry(
            workerID: UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)),
            keyID: keyID,
            wrap: AppKeyWrap(encapsulatedKey: Data(repeating: byte, count: 32), ciphertext: Data(repeating: byte, count: 48))
        )
    }

    struct Damaged: Error {}

    @Test func theSameWrapIsOpenedOnce() throws {
        let kept = OpenedForwardingKey()
        var opens = 0
        for _ in 0..<3 {
            let key = try kept.key(for: Self.entry(1)) {
                opens += 1
                return [1, 2, 3]
            }
            #expect(key == [1, 2, 3])
        }
        #expect(opens == 1)
    }

    @Test func aChangedWrapOrMasterKeyIsOpenedAgain() throws {
        let kept = OpenedForwardingKey()
        _ = try kept.key(for: Self.entry(1)) { [1] }
        #expect(try kept.key(for: Self.entry(2)) { [2] } == [2])
        #expect(try kept.key(for: Self.entry(2, keyID: "k2")) { [3] } == [3])
        var opened = false
        #expect(
            try kept.key(for: Self.entry(1)) {
                opened = true
                return [1]
            } == [1]
        )
        #expect(opened)
    }

    @Test func aFailedOpenKeepsTheLastKey() throws {
        let kept = OpenedForwardingKey()
        _ = try kept.key(for: Self.entry(1)) { [7] }
        #expect(throws: Damaged.self) { try kept.key(for: Self.entry(9)) { throw Damaged() } }
        var opened = false
        let key = try kept.key(for: Self.entry(1)) {
            opened = true
            return [0]
        }
        #expect(key == [7])
        #expect(!opened)
    }
}
