internal import Foundation
internal import HearthCore

/// Finds the 1-based line of every key (and array element) in a JSON text, for report line numbers.
///
/// A token scanner, not a parser: it runs only on text ``JSONValue/parse(_:file:)`` already accepted,
/// and understands the same comments. Paths are key names and `#<index>` for array elements.
struct JSONKeyLocator {
    private var lines: [String: Int] = [:]

    init(text: String) {
        scan(Array(text.utf8))
    }

    /// The line of the key at `path` (exact or case-insensitive match), or of the closest existing ancestor.
    func line(_ path: [String]) -> Int? {
        var path = path
        while !path.isEmpty {
            if let hit = lines[Self.key(path)] ?? lines[Self.key(path).lowercased()] { return hit }
            path.removeLast()
        }
        return nil
    }

    private static func key(_ path: [String]) -> String { path.joined(separator: "\u{1F}") }

    private enum Frame {
        case object(key: String?, expectingKey: Bool)
        case array(index: Int, recorded: Bool)
    }

    private mutating func record(_ path: [String], _ line: Int) {
        let k = Self.key(path)
        if lines[k] == nil { lines[k] = line }
        let lower = k.lowercased()
        if lines[lower] == nil { lines[lower] = line }
    }

    private func currentPath(_ stack: [Frame]) -> [String] {
        stack.compactMap { frame -> String? in
            switch frame {
            case .object(let key, _): return key
            case .array(let index, _): return "#\(index)"
            }
        }
    }

    private mutating func scan(_ bytes: [UInt8]) {
        var i = 0
        var line = 1
        var stack: [Frame] = []
        func valueStarts(_ stack: inout [Frame], _ line: Int, _ this: inout JSONKeyLocator) {
            if case .array(let index, false) = stack.last {
                stack[stack.count - 1] = .array(index: index, recorded: true)
                this.record(this.currentPath(stack), line)
            }
        }
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "\n"):
                line += 1
            case UInt8(ascii: "/") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "/"):
                while i < bytes.count && bytes[i] != UInt8(ascii: "\n") { i += 1 }
                continue
            case UInt8(ascii: "/") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "*"):
                i += 2
                while i + 1 < bytes.count && !(bytes[i] == UInt8(ascii: "*") && bytes[i + 1] == UInt8(ascii: "/")) {
                    if bytes[i] == UInt8(ascii: "\n") { line += 1 }
                    i += 1
                }
                i += 1
            case UInt8(ascii: "{"):
                valueStarts(&stack, line, &self)
                stack.append(.object(key: nil, expectingKey: true))
            case UInt8(ascii: "["):
                valueStarts(&stack, line, &self)
                stack.append(.array(index: 0, recorded: false))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if !stack.isEmpty { stack.removeLast() }
            case UInt8(ascii: ":"):
                if case .object(let key, _) = stack.last { stack[stack.count - 1] = .object(key: key, expectingKey: false) }
            case UInt8(ascii: ","):
                switch stack.last {
                case .object(let key, _): stack[stack.count - 1] = .object(key: key, expectingKey: true)
                case .array(let index, _): stack[stack.count - 1] = .array(index: index + 1, recorded: false)
                case nil: break
                }
            case UInt8(ascii: "\""):
                var text: [UInt8] = []
                i += 1
                while i < bytes.count && bytes[i] != UInt8(ascii: "\"") {
                    if bytes[i] == UInt8(ascii: "\\") && i + 1 < bytes.count { text.append(bytes[i]); i += 1 }
                    text.append(bytes[i])
                    i += 1
                }
                if case .object(_, true) = stack.last {
                    let key = String(decoding: text, as: UTF8.self)
                    stack[stack.count - 1] = .object(key: key, expectingKey: false)
                    record(currentPath(stack), line)
                } else {
                    valueStarts(&stack, line, &self)
                }
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                break
            default:
                valueStarts(&stack, line, &self)
            }
            i += 1
        }
    }
}
