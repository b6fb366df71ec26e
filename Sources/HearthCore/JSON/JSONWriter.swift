/// Writes compact JSON text straight into bytes, member by member, with no ``JSONValue`` tree in
/// between: for a document made on every request (the custom-handler JSON payload), where building
/// the tree, writing it out and freeing it again cost ~28 k instructions a request
/// (bench/README.md, "Invocation log write, fifth round, and the JSON payload").
///
/// The text is exactly what ``JSONValue/serializedBytes(pretty:)`` writes compactly for the same
/// document: one escaping rule serves both (one look for anything to escape, then the text copied
/// whole or escaped: ``JSONWriter/writeQuoted(_:at:)``, which the writer's strings take in two
/// steps). The caller keeps
/// the structure right: a key only directly inside an object and before each of its values, every
/// begun object and array ended.
///
/// ```swift
/// var json = JSONWriter()
/// json.beginObject()
/// json.key("name"); json.string("hearth")
/// json.key("tags"); json.beginArray(); json.string("a"); json.endArray()
/// json.endObject()
/// json.bytes  // {"name":"hearth","tags":["a"]}
/// ```
public struct JSONWriter: Sendable {
    /// The text written so far is `storage`'s first `count` bytes. The rest is room already
    /// allocated (zeros), so that a string, with its comma and its quotes, is written through one
    /// pointer in one access: appending it byte by byte and run by run to an array cost ~340
    /// instructions a string, 36 strings a JSON-payload request (bench/README.md, "The JSON
    /// payload's strings written through one pointer").
    private var storage: [UInt8]
    /// How many bytes are written.
    public private(set) var count = 0
    /// Whether the next key or value follows a sibling (and so needs a comma first).
    private var afterSibling = false

    /// The text written so far (a copy).
    public var bytes: [UInt8] { Array(storage[..<count]) }

    /// The text written, in the writer's own storage (no copy): the writer's last use.
    public consuming func finish() -> [UInt8] {
        storage.removeLast(storage.count - count)
        return storage
    }

    /// - Parameter capacity: Bytes to reserve (the expected size: no regrowing while writing).
    public init(capacity: Int = 1024) {
        storage = [UInt8](repeating: 0, count: max(capacity, 16))
    }

    public mutating func beginObject() { open(UInt8(ascii: "{")) }

    public mutating func endObject() { close(UInt8(ascii: "}")) }

    public mutating func beginArray() { open(UInt8(ascii: "[")) }

    public mutating func endArray() { close(UInt8(ascii: "]")) }

    /// A member's name; its value is written next.
    public mutating func key(_ name: String) {
        write(name, then: UInt8(ascii: ":"))
        afterSibling = false
    }

    public mutating func string(_ text: String) {
        write(text, then: nil)
        afterSibling = true
    }

    /// Writes again, as the next value, the bytes `range` of the text: a whole value written
    /// earlier, from ``count`` right after its key to ``count`` right after the value. For a value
    /// a document holds twice (the payload's query and headers), copied rather than written anew.
    public mutating func value(copying range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "the range is not inside the text written")
        writeValue(size: range.count) { out, base in
            // The source ends at or before `out`: the two never overlap.
            out.update(from: base + range.lowerBound, count: range.count)
            return out + range.count
        }
        afterSibling = true
    }

    private mutating func open(_ bracket: UInt8) {
        reserve(2)
        if afterSibling { put(UInt8(ascii: ",")) }
        put(bracket)
        afterSibling = false
    }

    private mutating func close(_ bracket: UInt8) {
        reserve(1)
        put(bracket)
        afterSibling = true
    }

    /// Appends `byte`, for which there is room.
    private mutating func put(_ byte: UInt8) {
        storage[count] = byte
        count += 1
    }

    /// Writes `text` quoted and escaped (after a comma when it follows a sibling), then `suffix`.
    /// Text with nothing to escape (most) is looked at once and copied whole.
    private mutating func write(_ text: String, then suffix: UInt8?) {
        var text = text
        text.withUTF8 { source in
            let plain = !Self.needsEscape(source)
            writeValue(size: (plain ? source.count + 2 : Self.escapedSize(source)) + 1) { out, _ in
                var end = plain ? Self.writePlain(source, at: out) : Self.writeEscaped(source, at: out)
                if let suffix {
                    end.pointee = suffix
                    end += 1
                }
                return end
            }
        }
    }

    /// Writes a comma when the next key or value follows a sibling, then what `body` writes at the
    /// place it is given (`out`; `base` is where the text starts), with room for `size` bytes;
    /// `body` returns where it stopped.
    private mutating func writeValue(
        size: Int,
        _ body: (_ out: UnsafeMutablePointer<UInt8>, _ base: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8>
    ) {
        let comma = afterSibling
        reserve(size + 1)
        let start = count
        count = storage.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            var out = base + start
            if comma {
                out.pointee = UInt8(ascii: ",")
                out += 1
            }
            return body(out, base) - base
        }
    }

    /// Makes room for `size` more bytes: at least doubles the storage when it grows.
    private mutating func reserve(_ size: Int) {
        let missing = count + size - storage.count
        guard missing > 0 else { return }
        storage.append(contentsOf: repeatElement(0, count: max(missing, storage.count)))
    }

    /// Appends `s` quoted and escaped to `out` (``writeQuoted(_:at:)``): the serializer's form.
    static func writeString(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { source in
            let start = out.count
            out.append(contentsOf: repeatElement(0, count: quotedSize(source)))
            out.withUnsafeMutableBufferPointer { buffer in _ = writeQuoted(source, at: buffer.baseAddress! + start) }
        }
    }

    /// The bytes `source` takes quoted and escaped by ``writeQuoted(_:at:)``.
    static func quotedSize(_ source: UnsafeBufferPointer<UInt8>) -> Int {
        needsEscape(source) ? escapedSize(source) : source.count + 2
    }

    /// Writes `source` quoted and escaped at `out`, which has room for ``quotedSize(_:)`` bytes,
    /// and returns where the text ends: `"`, `\` and control characters (`\n`, `\t`, … or
    /// `\u001f`) escaped; non-ASCII text stays UTF-8 and `/` is not escaped.
    ///
    /// Most text has nothing to escape: one look at it, eight bytes at a time, says so, and it is
    /// copied whole. Appending scalar by scalar was most of the instructions a JSON-payload request
    /// spent in Hearth (bench/README.md, "Warm path profile"); looking at each byte alone still
    /// cost ~10 instructions a byte, and appending runs to an array ~340 a string.
    static func writeQuoted(_ source: UnsafeBufferPointer<UInt8>, at out: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        needsEscape(source) ? writeEscaped(source, at: out) : writePlain(source, at: out)
    }

    /// Whether a byte of `word` needs an escape (below 0x20, `"` or `\`).
    @inline(__always)
    private static func needsEscape(_ word: UInt64) -> Bool {
        ByteWord.bytes(of: word, below: 0x20) | ByteWord.bytes(of: word, equalTo: UInt8(ascii: "\""))
            | ByteWord.bytes(of: word, equalTo: UInt8(ascii: "\\"))
            != 0
    }

    /// Whether a byte of `source` needs an escape: looked at eight bytes at a time, the last eight
    /// (overlapping the word before) or a short text's few in one word too.
    static func needsEscape(_ source: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = source.baseAddress else { return false }
        let count = source.count
        guard count >= 8 else {
            // Padded with spaces, which need no escape.
            var word: UInt64 = 0x2020_2020_2020_2020
            withUnsafeMutableBytes(of: &word) { $0.baseAddress!.copyMemory(from: base, byteCount: count) }
            return needsEscape(UInt64(littleEndian: word))
        }
        var i = 0
        while i < count - 8 {
            if needsEscape(ByteWord.load(base + i)) { return true }
            i += 8
        }
        return needsEscape(ByteWord.load(base + count - 8))
    }

    /// The bytes an escape of `byte` adds to it (0: none needed): one for `\"`, `\\`, `\n`, `\r`,
    /// `\t`, `\b`, `\f`; five for `\u00XX`, every other control character.
    @inline(__always)
    private static func escapeExtra(_ byte: UInt8) -> Int {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"), 0x08, 0x0C: 1
        case 0..<0x20: 5
        default: 0
        }
    }

    /// `source` quoted, for text with nothing to escape.
    private static func writePlain(_ source: UnsafeBufferPointer<UInt8>, at start: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        start.pointee = UInt8(ascii: "\"")
        if let base = source.baseAddress { (start + 1).update(from: base, count: source.count) }
        start[source.count + 1] = UInt8(ascii: "\"")
        return start + source.count + 2
    }

    /// The bytes `source` takes quoted and escaped: the slow path's count, byte by byte where a
    /// word of eight has a byte to escape.
    private static func escapedSize(_ source: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = source.baseAddress else { return 2 }
        var size = source.count + 2
        var i = 0
        while i < source.count {
            if source.count - i >= 8, !needsEscape(ByteWord.load(base + i)) {
                i += 8
                continue
            }
            size += escapeExtra(base[i])
            i += 1
        }
        return size
    }

    /// `source` quoted and escaped, for text with something to escape. Runs of bytes that need no
    /// escape are copied whole, found eight bytes at a time. Every byte that needs an escape is
    /// ASCII, and UTF-8 never uses ASCII bytes inside a multi-byte scalar, so every run starts and
    /// ends on a scalar boundary.
    private static func writeEscaped(_ source: UnsafeBufferPointer<UInt8>, at start: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var out = start
        func emit(_ byte: UInt8) {
            out.pointee = byte
            out += 1
        }
        emit(UInt8(ascii: "\""))
        guard let base = source.baseAddress else {
            emit(UInt8(ascii: "\""))
            return out
        }
        var run = 0
        var i = 0
        while i < source.count {
            if source.count - i >= 8, !needsEscape(ByteWord.load(base + i)) {
                i += 8
                continue
            }
            let byte = base[i]
            guard escapeExtra(byte) > 0 else {
                i += 1
                continue
            }
            out.update(from: base + run, count: i - run)
            out += i - run
            emit(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""): emit(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): emit(UInt8(ascii: "\\"))
            case UInt8(ascii: "\n"): emit(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): emit(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): emit(UInt8(ascii: "t"))
            case 0x08: emit(UInt8(ascii: "b"))
            case 0x0C: emit(UInt8(ascii: "f"))
            default:
                // \u00XX, lowercase hex: every other control character is below 0x20.
                func hexDigit(_ d: UInt8) -> UInt8 { d < 10 ? UInt8(ascii: "0") + d : UInt8(ascii: "a") + d - 10 }
                emit(UInt8(ascii: "u"))
                emit(UInt8(ascii: "0"))
                emit(UInt8(ascii: "0"))
                emit(hexDigit(byte >> 4))
                emit(hexDigit(byte & 0x0F))
            }
            i += 1
            run = i
        }
        out.update(from: base + run, count: source.count - run)
        out += source.count - run
        emit(UInt8(ascii: "\""))
        return out
    }
}
