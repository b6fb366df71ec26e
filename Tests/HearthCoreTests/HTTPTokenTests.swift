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
}
