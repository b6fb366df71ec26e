/// Whether `byte` may be part of an RFC 9110 `token` (a method or a field name):
/// `0-9 a-z A-Z ! # $ % & ' * + - . ^ _ `` ` `` | ~`,
/// https://www.rfc-editor.org/rfc/rfc9110.html#name-tokens
///
/// The one rule for Hearth's HTTP writers. Whether an empty text is a token is each caller's own
/// rule (NIO's request validator lets an empty name through, HTTPTypes' `HTTPField.Name` does not).
/// Inlinable, so that callers in other modules get it as two bit tests.
@inlinable
public func isHTTPTokenByte(_ byte: UInt8) -> Bool {
    // The token bytes as two bit masks: bytes 0–63 and 64–127.
    let low: UInt64 = 0x03FF_6CFA_0000_0000
    let high: UInt64 = 0x57FF_FFFF_C7FF_FFFE
    return byte < 64 ? low & (1 << UInt64(byte)) != 0 : byte < 128 && high & (1 << UInt64(byte - 64)) != 0
}
