public import Foundation

/// Splits a byte stream into UTF-8 lines: the one line splitter of Hearth, for every program's output.
///
/// A line ends at `\n` (a `\r` before it is dropped). A line longer than 64 KiB is handed out in
/// pieces of that size, so a program that never writes a newline cannot grow the buffer without bound.
///
/// ```swift
/// let splitter = LineSplitter()
/// splitter.feed(Data("one\ntw".utf8))  // ["one"]
/// splitter.feed(Data("o\r\n".utf8))    // ["two"]
/// splitter.finish()                    // nil: nothing is left over
/// ```
public final class LineSplitter: @unchecked Sendable {
    // @unchecked: used by one reader at a time (a FileHandle serialises its readability handler's calls).
    private var buffer = Data()

    public init() {}

    /// The lines `data` completes, in order.
    public func feed(_ data: Data) -> [String] {
        buffer.append(data)
        var lines: [String] = []
        while let newline = buffer.firstIndex(of: 0x0A) {
            var line = buffer[buffer.startIndex..<newline]
            if line.last == 0x0D { line = line.dropLast() }
            lines.append(String(decoding: line, as: UTF8.self))
            buffer.removeSubrange(buffer.startIndex...newline)
        }
        if buffer.count > 64 * 1024 {
            lines.append(String(decoding: buffer, as: UTF8.self))
            buffer.removeAll()
        }
        return lines
    }

    /// What is left after the last newline, at the end of the stream, or `nil` when nothing is.
    public func finish() -> String? {
        defer { buffer.removeAll() }
        return buffer.isEmpty ? nil : String(decoding: buffer, as: UTF8.self)
    }
}
