internal import Foundation
internal import HearthCore

/// A text file as lines that remember their original line numbers, so edits can be reported against
/// the file as the user knows it. Keeps the file's line ending (`\n` or `\r\n`) and final newline.
struct TextDocument {
    struct Line {
        /// 1-based line in the original file; `nil` for inserted lines.
        var original: Int?
        var text: String
    }

    private(set) var lines: [Line]
    let newline: String
    let endsWithNewline: Bool
    let originalText: String

    init(_ text: String) {
        originalText = text
        newline = text.contains("\r\n") ? "\r\n" : "\n"
        endsWithNewline = text.hasSuffix("\n")
        var parts = text.components(separatedBy: newline)
        if endsWithNewline { parts.removeLast() }
        lines = parts.enumerated().map { Line(original: $0.offset + 1, text: $0.element) }
    }

    var text: String {
        lines.map(\.text).joined(separator: newline) + (endsWithNewline ? newline : "")
    }

    var isModified: Bool { text != originalText }

    /// Index (into ``lines``) of the first line whose text contains `needle`.
    func firstIndex(containing needle: String, from start: Int = 0) -> Int? {
        guard start < lines.count else { return nil }
        return lines[start...].firstIndex { $0.text.contains(needle) }
    }

    /// Original line number of the first line containing `needle`.
    func originalLine(containing needle: String) -> Int? {
        firstIndex(containing: needle).flatMap { lines[$0].original }
    }

    mutating func replace(at index: Int, with text: String) { lines[index].text = text }

    mutating func insert(_ text: String, at index: Int) { lines.insert(Line(original: nil, text: text), at: index) }

    mutating func remove(at index: Int) { lines.remove(at: index) }

    /// The original line number for an index, or the nearest original line above it (for inserted lines).
    func anchorLine(_ index: Int) -> Int? {
        var i = min(index, lines.count - 1)
        while i >= 0 {
            if let original = lines[i].original { return original }
            i -= 1
        }
        return lines.first?.original
    }

    /// The leading whitespace of a line.
    static func indentation(of text: String) -> String {
        String(text.prefix { $0 == " " || $0 == "\t" })
    }
}
