internal import CLibXML2

/// What the SAX hooks of one parse record: where each element starts, and whether (and where) the
/// file declared a DOCTYPE. Reached from C callbacks through the parser context's `_private`
/// pointer (passed unretained; the owning ``LibXMLParser`` keeps it alive for the parse).
final class ParseCollector {
    /// Start of each element's `<`, by node address.
    var positions: [UnsafeMutableRawPointer: SourcePosition] = [:]
    /// Where a `<!DOCTYPE` began, if the file has one.
    var doctype: SourcePosition?

    static func from(_ context: UnsafeMutableRawPointer?) -> (xmlParserCtxtPtr, ParseCollector)? {
        guard let context else { return nil }
        let parser = context.assumingMemoryBound(to: xmlParserCtxt.self)
        guard let opaque = parser.pointee._private else { return nil }
        return (parser, Unmanaged<ParseCollector>.fromOpaque(opaque).takeUnretainedValue())
    }

    /// The position of the `<` that opened the markup the parser is in: libxml2 knows the line and
    /// column of its cursor (at the end of the tag); walk back through the tag to its `<`.
    static func markupStart(_ parser: xmlParserCtxtPtr) -> SourcePosition? {
        guard let input = parser.pointee.input, let base = input.pointee.base, let cursor = input.pointee.cur, cursor >= base else {
            return nil
        }
        var start = cursor
        while start > base && start.pointee != UInt8(ascii: "<") { start -= 1 }
        var line = Int(input.pointee.line)
        var characters = 0
        var sawNewline = false
        var p = start
        while p < cursor {
            if p.pointee == UInt8(ascii: "\n") {
                line -= 1
                sawNewline = true
            }
            p += 1
        }
        if !sawNewline {
            p = start
            while p < cursor {
                if p.pointee & 0xC0 != 0x80 { characters += 1 }
                p += 1
            }
            return SourcePosition(line: max(line, 1), column: max(Int(input.pointee.col) - characters, 1))
        }
        // The tag spans lines: count from the line's beginning to the `<`.
        var lineStart = start
        while lineStart > base && (lineStart - 1).pointee != UInt8(ascii: "\n") { lineStart -= 1 }
        p = lineStart
        while p < start {
            if p.pointee & 0xC0 != 0x80 { characters += 1 }
            p += 1
        }
        return SourcePosition(line: max(line, 1), column: characters + 1)
    }
}
