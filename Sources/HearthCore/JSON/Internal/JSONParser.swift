/// A recursive-descent JSON parser over UTF-8 bytes. See ``JSONValue/parse(_:file:)`` for the accepted dialect.
///
/// With `recordsPositions`, it notes where each value starts (an object member: where its key starts),
/// for ``JSONDocument``; without, it pays nothing for that.
struct JSONParser {
    private let bytes: [UInt8]
    private let file: String
    private let recordsPositions: Bool
    private var index = 0
    private var depth = 0
    private var path: [JSONPathComponent] = []
    private(set) var starts: [(path: [JSONPathComponent], offset: Int)] = []

    /// Deeper documents are refused rather than risking the stack.
    static let maximumDepth = 512

    init(bytes: [UInt8], file: String, recordsPositions: Bool = false) {
        self.bytes = bytes
        self.file = file
        self.recordsPositions = recordsPositions
    }

    /// Line and column (1-based, columns in Unicode scalars) of every recorded start, in one pass.
    func positions() -> JSONPositions {
        var byPath: [[JSONPathComponent]: JSONPosition] = [:]
        var line = 1
        var column = 1
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        for start in starts.sorted(by: { $0.offset < $1.offset }) {
            while i < start.offset {
                if bytes[i] == 0x0A {
                    line += 1
                    column = 1
                } else if bytes[i] & 0xC0 != 0x80 {
                    column += 1
                }
                i += 1
            }
            byPath[start.path] = JSONPosition(line: line, column: column)
        }
        return JSONPositions(byPath)
    }

    mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        try skipWhitespace()
        guard index < bytes.count else {
            throw error("expected a JSON value, found end of input", fix: "the file is empty; write a JSON object such as {}")
        }
        record()
        let value = try parseValue()
        try skipWhitespace()
        if index < bytes.count {
            throw error("unexpected \(describe(at: index)) after the JSON value")
        }
        return value
    }

    // MARK: - Values

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        guard index < bytes.count else { throw error("expected a JSON value, found end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "t"):
            try expectKeyword("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectKeyword("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectKeyword("null")
            return .null
        case UInt8(ascii: "'"):
            throw error("strings must be in double quotes, found a single quote", fix: "replace the single quotes with double quotes")
        default:
            throw error("expected a JSON value, found \(describe(at: index))")
        }
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > Self.maximumDepth {
            throw error("the document nests more than \(Self.maximumDepth) arrays or objects", fix: "flatten the document")
        }
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1  // {
        var entries: [(key: String, value: JSONValue)] = []
        // Keys seen so far, kept only once the object is large: a small object (a handler's reply,
        // a binding) is checked for duplicates by scanning its entries, without a set to allocate.
        var seen: Set<String> = []
        try skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(entries)
        }
        entries.reserveCapacity(4)  // a handler's reply's objects, without regrowing
        while true {
            try skipWhitespace()
            guard index < bytes.count else { throw error("expected '\"' to begin an object key, found end of input") }
            if bytes[index] == UInt8(ascii: "}"), !entries.isEmpty {
                index += 1  // trailing comma tolerated
                return .object(entries)
            }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected '\"' to begin an object key, found \(describe(at: index))", fix: "object keys must be strings in double quotes")
            }
            let keyStart = index
            let key = try parseString()
            if Self.isDuplicate(key, in: entries, seen: &seen) {
                throw error("duplicate key '\(key)' in object", at: keyStart, fix: "remove one of the two '\(key)' entries")
            }
            if recordsPositions { path.append(.key(key)) }
            defer { if recordsPositions { path.removeLast() } }
            record(at: keyStart)
            try skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("expected ':' after object key '\(key)', found \(describe(at: index))")
            }
            index += 1
            try skipWhitespace()
            let value = try parseValue()
            entries.append((key, value))
            try skipWhitespace()
            guard index < bytes.count else { throw error("expected ',' or '}' after object member, found end of input") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return .object(entries)
            default: throw error("expected ',' or '}' after object member")
            }
        }
    }

    /// Objects with more entries than this check duplicate keys with a set rather than a scan.
    private static let scannedEntries = 16

    /// Whether `key` is already one of `entries`' keys (compared as `String`s are: canonically
    /// equivalent texts are the same key). `seen` holds the keys once there are more than
    /// ``scannedEntries``; it is filled the first time the object reaches that size.
    private static func isDuplicate(_ key: String, in entries: [(key: String, value: JSONValue)], seen: inout Set<String>) -> Bool {
        if entries.count < scannedEntries { return entries.contains { $0.key == key } }
        if seen.isEmpty { seen = Set(entries.lazy.map(\.key)) }
        return !seen.insert(key).inserted
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1  // [
        var elements: [JSONValue] = []
        try skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            try skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]"), !elements.isEmpty {
                index += 1  // trailing comma tolerated
                return .array(elements)
            }
            if recordsPositions { path.append(.index(elements.count)) }
            record()
            let element = try parseValue()
            if recordsPositions { path.removeLast() }
            elements.append(element)
            try skipWhitespace()
            guard index < bytes.count else { throw error("expected ',' or ']' after array element, found end of input") }
            switch bytes[index] {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(elements)
            default: throw error("expected ',' or ']' after array element")
            }
        }
    }

    private mutating func expectKeyword(_ word: StaticString) throws(JSONSyntaxError) {
        let start = index
        let count = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { expected in
            bytes.count - start >= count && bytes[start..<start + count].elementsEqual(expected)
        }
        guard matches else {
            throw error("expected a JSON value, found \(describe(at: start))", at: start)
        }
        index += count
        // A keyword must not run into letters ("trueish").
        if index < bytes.count, Self.isIdentifierByte(bytes[index]) {
            throw error("expected a JSON value, found \(describe(at: start))", at: start)
        }
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, Self.isDigit(bytes[index]) else {
            throw error("expected a digit in number")
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, Self.isDigit(bytes[index]) {
                throw error("numbers must not have leading zeros", at: start)
            }
        } else {
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, Self.isDigit(bytes[index]) else { throw error("expected a digit after '.' in number") }
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, Self.isDigit(bytes[index]) else { throw error("expected a digit in the exponent of number") }
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, Self.isIdentifierByte(bytes[index]) {
            throw error("unexpected \(describe(at: index)) in number")
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        let open = index
        index += 1  // "
        var buffer: [UInt8] = []
        var segmentStart = index
        while true {
            guard index < bytes.count else {
                throw error("unterminated string", at: open, fix: "close the string with '\"'")
            }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                let text: String?
                if buffer.isEmpty {
                    // No escape met: the text is the bytes as they stand, without a copy first.
                    text = bytes.withUnsafeBufferPointer { Self.text(UnsafeBufferPointer(rebasing: $0[segmentStart..<index])) }
                } else {
                    buffer.append(contentsOf: bytes[segmentStart..<index])
                    text = buffer.withUnsafeBufferPointer { Self.text($0) }
                }
                index += 1
                guard let text else {
                    throw error("string is not valid UTF-8", at: open, fix: "save the file as UTF-8")
                }
                return text
            case UInt8(ascii: "\\"):
                buffer.append(contentsOf: bytes[segmentStart..<index])
                try parseEscape(into: &buffer)
                segmentStart = index
            case 0x00..<0x20:
                throw error(
                    "control character U+\(Self.hex4(UInt32(byte))) must be escaped in a string",
                    fix: byte == 0x0A
                        ? "strings cannot span lines; write \\n instead of a line break" : "write it as \\u\(Self.hex4(UInt32(byte)))"
                )
            default:
                index += 1
            }
        }
    }

    /// The string `utf8` holds, or `nil` when it is not valid UTF-8. ASCII (every key and most values
    /// of a handler's reply) needs no validation and is taken as it is; anything else is validated by
    /// the standard library (unspecialised, ~900 instructions a string).
    private static func text(_ utf8: UnsafeBufferPointer<UInt8>) -> String? {
        if utf8.allSatisfy({ $0 < 0x80 }) { return String(decoding: utf8, as: UTF8.self) }
        return String(validating: utf8, as: UTF8.self)
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONSyntaxError) {
        let escapeStart = index
        index += 1  // backslash
        guard index < bytes.count else { throw error("unterminated string") }
        let code = bytes[index]
        index += 1
        switch code {
        case UInt8(ascii: "\""): buffer.append(0x22)
        case UInt8(ascii: "\\"): buffer.append(0x5C)
        case UInt8(ascii: "/"): buffer.append(0x2F)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4(escapeStart: escapeStart)
            if (0xD800...0xDBFF).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw error("unpaired UTF-16 surrogate \\u\(Self.hex4(scalar)) in string", at: escapeStart)
                }
                let lowStart = index
                index += 2
                let low = try parseHex4(escapeStart: lowStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw error("unpaired UTF-16 surrogate \\u\(Self.hex4(scalar)) in string", at: escapeStart)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw error("unpaired UTF-16 surrogate \\u\(Self.hex4(scalar)) in string", at: escapeStart)
            }
            // Valid by construction: surrogates were combined or refused above.
            buffer.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
        default:
            throw error(
                "invalid escape sequence '\\\(describeByte(code))' in string",
                at: escapeStart,
                fix: "use one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"
            )
        }
    }

    private mutating func parseHex4(escapeStart: Int) throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count, let digit = Self.hexValue(bytes[index]) else {
                throw error("expected four hex digits after \\u in string", at: escapeStart)
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    // MARK: - Whitespace and comments

    private mutating func skipWhitespace() throws(JSONSyntaxError) {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D:
                index += 1
            case UInt8(ascii: "/"):
                let start = index
                guard index + 1 < bytes.count else { throw error("unexpected '/'") }
                if bytes[index + 1] == UInt8(ascii: "/") {
                    index += 2
                    while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                } else if bytes[index + 1] == UInt8(ascii: "*") {
                    index += 2
                    while true {
                        guard index + 1 < bytes.count else {
                            throw error("unterminated /* comment", at: start, fix: "close the comment with */")
                        }
                        if bytes[index] == UInt8(ascii: "*"), bytes[index + 1] == UInt8(ascii: "/") {
                            index += 2
                            break
                        }
                        index += 1
                    }
                } else {
                    throw error("unexpected '/'")
                }
            default:
                return
            }
        }
    }

    // MARK: - Positions

    private mutating func record(at offset: Int? = nil) {
        if recordsPositions { starts.append((path, offset ?? index)) }
    }

    // MARK: - Errors

    private func error(_ message: String, at offset: Int? = nil, fix: String = "fix the JSON syntax at that position") -> JSONSyntaxError {
        let offset = min(offset ?? index, bytes.count)
        var line = 1
        var column = 1
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < offset {
            let byte = bytes[i]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1  // count scalars, not continuation bytes
            }
            i += 1
        }
        return JSONSyntaxError(file: file, line: line, column: column, message: message, fix: fix)
    }

    private func describe(at offset: Int) -> String {
        guard offset < bytes.count else { return "end of input" }
        return "'\(describeByte(bytes[offset]))'"
    }

    private func describeByte(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return String(UnicodeScalar(byte)) }
        return "U+" + Self.hex4(UInt32(byte))
    }

    // MARK: - Character classes

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    private static func isIdentifierByte(_ b: UInt8) -> Bool {
        isDigit(b) || (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z")) || b == UInt8(ascii: "_") || b == UInt8(ascii: ".")
    }

    private static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(b - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
