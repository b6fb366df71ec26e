public import Foundation

extension UUID {
    /// The canonical 36-character text of the id (`8-4-4-4-12` hex digits), in lower case
    /// (`uppercase: false`, as HTTP headers and answers show ids) or upper case (what ``uuidString``
    /// gives and the SQLite store keeps). The same text as Foundation's, made without `snprintf`:
    /// Foundation formats each byte with it, several thousand instructions per id, and the warm
    /// path formats a few ids per request.
    public func text(uppercase: Bool) -> String {
        // Written through raw pointers into the string's 36 bytes: with the buffers' bounds
        // checks and the enumerated loop this was ~450 instructions an id, and the warm path
        // formats several per request (bench/README.md, "Invocation log write, fifth round, and the JSON payload").
        let digits: StaticString = uppercase ? "0123456789ABCDEF" : "0123456789abcdef"
        return withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { buffer in
                digits.withUTF8Buffer { hex in
                    let out = buffer.baseAddress!
                    let digit = hex.baseAddress!
                    var position = 0
                    for index in 0..<16 {
                        if index == 4 || index == 6 || index == 8 || index == 10 {
                            out[position] = UInt8(ascii: "-")
                            position &+= 1
                        }
                        let byte = bytes.load(fromByteOffset: index, as: UInt8.self)
                        out[position] = digit[Int(byte &>> 4)]
                        out[position &+ 1] = digit[Int(byte & 0x0F)]
                        position &+= 2
                    }
                    return position
                }
            }
        }
    }

    /// ``text(uppercase:)`` in lower case: `X-Azure-Functions-InvocationId`, `x-hearth-invocation-id`.
    public var lowercasedText: String { text(uppercase: false) }
}
