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

/// Whether `bytes` hold no control character but HTAB (no CR, LF, NUL, DEL…): the characters a
/// field value may have on the wire (obs-text, 0x80 and above, passes), RFC 9110 §5.5; leading and
/// trailing spaces and tabs are each caller's own rule (the answer encoder drops them). Looked at eight bytes
/// at a time (``ByteWord``); from a word with a control byte in it (a tab, most often) on, byte by
/// byte. A check per byte cost ~8 instructions a byte, for every field of every request relayed.
/// https://www.rfc-editor.org/rfc/rfc9110.html#name-field-values
public func isHTTPFieldValueText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    var i = 0
    while bytes.count - i >= 8 {
        let word = ByteWord.load(base + i)
        if ByteWord.hasByte(word, below: 0x20) || ByteWord.hasByte(word, equalTo: 0x7F) { break }
        i += 8
    }
    while i < bytes.count {
        let byte = base[i]
        if (byte < 0x20 && byte != 0x09) || byte == 0x7F { return false }
        i += 1
    }
    return true
}
