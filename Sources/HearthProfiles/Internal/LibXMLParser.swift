internal import CLibXML2
import Foundation

/// Owns one libxml2 push-parser context and parses one document with it, hardened:
///
/// - `XML_PARSE_NONET`: libxml2 never opens a network connection;
/// - no `XML_PARSE_NOENT`, `XML_PARSE_DTDLOAD`, `XML_PARSE_DTDATTR`, `XML_PARSE_XINCLUDE` or
///   `XML_PARSE_HUGE`: no entity substitution, no external DTD, libxml2's own size caps stay on;
/// - a SAX hook on `internalSubset` stops the parser at the first `<!DOCTYPE`, before its internal
///   subset is read. A publish profile never needs a DTD, so refusing any DOCTYPE outright is the
///   simplest complete defence against external entities (XXE) and entity expansion (billion laughs);
/// - `XML_PARSE_NOERROR | XML_PARSE_NOWARNING`: errors are read from the context
///   (`xmlCtxtGetLastError`, with line and column) instead of being printed.
///
/// A second SAX hook records where each element starts, so later errors can give line and column.
/// Options: https://gnome.pages.gitlab.gnome.org/libxml2/devhelp/libxml2-parser.html#xmlParserOption
final class LibXMLParser {
    private var handle: xmlParserCtxtPtr?
    private let collector = ParseCollector()

    private init(handle: xmlParserCtxtPtr) {
        self.handle = handle
    }

    deinit {
        close()
    }

    /// Creates a push-parser context; the first bytes let libxml2 detect the encoding (BOM, UTF-16).
    static func open(firstBytes: Data) throws(ProfileError) -> LibXMLParser {
        LibXML.ensureInitialized()
        let head = [UInt8](firstBytes.prefix(4))
        let created: xmlParserCtxtPtr? = head.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: head.count) { chars in
                xmlCreatePushParserCtxt(nil, nil, chars, Int32(head.count), nil)
            }
        }
        guard let created else {
            throw ProfileError(.internalFailure, "libxml2 could not create a parser (out of memory?)")
        }
        let parser = LibXMLParser(handle: created)
        parser.install()
        return parser
    }

    /// Frees the context (the document, if any, belongs to the ``LibXMLDocument`` returned).
    func close() {
        guard let handle else { return }
        handle.pointee._private = nil
        if let document = handle.pointee.myDoc {
            handle.pointee.myDoc = nil
            xmlFreeDoc(document)
        }
        xmlFreeParserCtxt(handle)
        self.handle = nil
    }

    private func install() {
        guard let handle, let sax = handle.pointee.sax else { return }
        handle.pointee._private = Unmanaged.passUnretained(collector).toOpaque()
        let options = XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
        xmlCtxtUseOptions(handle, Int32(options))
        sax.pointee.internalSubset = { context, _, _, _ in
            guard let found = ParseCollector.from(context) else { return }
            let (parser, collector) = found
            collector.doctype =
                ParseCollector.markupStart(parser)
                ?? SourcePosition(line: Int(xmlSAX2GetLineNumber(context)), column: Int(xmlSAX2GetColumnNumber(context)))
            xmlStopParser(parser)
        }
        sax.pointee.startElementNs = { context, localName, prefix, uri, namespaceCount, namespaces, attributeCount, defaulted, attributes in
            xmlSAX2StartElementNs(context, localName, prefix, uri, namespaceCount, namespaces, attributeCount, defaulted, attributes)
            guard let found = ParseCollector.from(context), let node = found.0.pointee.node,
                let position = ParseCollector.markupStart(found.0)
            else { return }
            found.1.positions[UnsafeMutableRawPointer(node)] = position
        }
    }

    /// Parses the rest of the document (everything after the first bytes given to ``open(firstBytes:)``).
    func parse(_ data: Data) throws(ProfileError) -> LibXMLDocument {
        guard let handle else { throw ProfileError(.internalFailure, "the XML parser was already closed") }
        let rest = [UInt8](data.dropFirst(min(4, data.count)))
        let status = rest.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlParseChunk(handle, chars.baseAddress, Int32(chars.count), 1)
            }
        }
        if let doctype = collector.doctype {
            throw ProfileError(
                .forbiddenDTD,
                "the file has a <!DOCTYPE> declaration, which publish profiles never need; Hearth refuses DTDs (they enable external-entity and entity-expansion attacks). Remove the DOCTYPE or download the profile again",
                line: doctype.line,
                column: doctype.column
            )
        }
        if status != 0 || handle.pointee.wellFormed == 0 {
            throw Self.syntaxError(handle)
        }
        guard let document = handle.pointee.myDoc else {
            throw ProfileError(.malformed, "the file holds no XML document; a publish profile starts with <publishData>", line: 1, column: 1)
        }
        handle.pointee.myDoc = nil
        return LibXMLDocument(handle: document, positions: collector.positions)
    }

    private static func syntaxError(_ handle: xmlParserCtxtPtr) -> ProfileError {
        guard let error = xmlCtxtGetLastError(UnsafeMutableRawPointer(handle)) else {
            return ProfileError(.malformed, "the file is not well-formed XML; download the profile again")
        }
        let detail = error.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "unknown error"
        let line = Int(error.pointee.line)
        let column = Int(error.pointee.int2)
        return ProfileError(
            .malformed,
            "the file is not well-formed XML (\(detail)); it may be truncated or damaged. Download the profile again",
            line: line > 0 ? line : nil,
            column: column > 0 ? column : nil
        )
    }
}
