import HearthCore
import Testing

/// RFC 9110's `tchar`, the bytes of a method or a field name.
@Suite struct HTTPTokenTests {
    /// The token characters as RFC 9110 lists them: "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" /
    /// "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.
    static let tchar = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)

    @Test func everyByteIsJudgedAsRFC9110Lists() {
        for byte in UInt8.min...UInt8.max {
            #expect(isHTTPTokenByte(byte) == Self.tchar.contains(byte), "byte \(byte)")
        }
    }

    @Test func separatorsControlsAndNonASCIIAreNotTokenBytes() {
        for byte in Array(" \t\r\n\"(),/:;<=>?@[\\]{}".utf8) + [0, 0x7F, 0x80, 0xC3, 0xFF] {
            #expect(!isHTTPTokenByte(byte), "byte \(byte)")
        }
    }

    /// A field value's text: every byte value at every place of values of 1 to 20 bytes (shorter
    /// than a word, one word, words and a tail), alone among visible bytes and before a tab, judged
    /// as a byte-by-byte look at RFC 9110's rule judges it.
    @Test func fieldValueTextIsJudgedByteByByte() {
        func reference(_ bytes: [UInt8]) -> Bool { bytes.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7F) } }
        var differing: [[UInt8]] = []
        for length in 1...20 {
            for place in 0..<length {
                for byte in UInt8.min...UInt8.max {
                    for tabAfter in [false, true] {
                        var bytes = [UInt8](repeating: UInt8(ascii: "v"), count: length)
                        bytes[place] = byte
                        if tabAfter, place + 1 < length { bytes[place + 1] = 0x09 }
                        if bytes.withUnsafeBufferPointer({ isHTTPFieldValueText($0) }) != reference(bytes) { differing.append(bytes) }
                    }
                }
            }
        }
        #expect(differing.isEmpty, "\(differing.prefix(5))")
        #expect([UInt8]().withUnsafeBufferPointer { isHTTPFieldValueText($0) })
    }
}
