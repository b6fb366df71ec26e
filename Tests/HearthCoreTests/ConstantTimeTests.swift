import HearthCore
import Testing

/// The one comparison of secrets every module uses (function keys, tokens, codes, CSRF tokens).
@Suite struct ConstantTimeTests {
    @Test func equalBytesAndNothingElse() {
        #expect(ConstantTime.equal(Array("k3y".utf8), Array("k3y".utf8)))
        #expect(ConstantTime.equal([], []))
        #expect(!ConstantTime.equal(Array("k3y".utf8), Array("k3Y".utf8)))
        #expect(!ConstantTime.equal(Array("k3y".utf8), Array("k3y\0".utf8)))
        #expect(!ConstantTime.equal(Array("k3y".utf8), []))
        // Lengths 256 apart must not look equal (a length difference folded into one byte would).
        #expect(!ConstantTime.equal([UInt8](repeating: 0, count: 1), [UInt8](repeating: 0, count: 257)))
    }
}
