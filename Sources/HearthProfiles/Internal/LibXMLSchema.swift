internal import CLibXML2
import Foundation

/// Owns a compiled XML Schema (`xmlSchemaPtr`) and validates documents against it.
///
/// The schema text comes from memory (``PublishSettingsSchema/xsd``); it imports nothing, so
/// compiling it opens no file and no connection.
final class LibXMLSchema {
    private var handle: xmlSchemaPtr?

    private init(handle: xmlSchemaPtr) {
        self.handle = handle
    }

    deinit {
        if let handle { xmlSchemaFree(handle) }
    }

    /// Compiles a schema; throws ``ProfileError/Code/internalFailure`` if the XSD itself is broken.
    static func compile(_ xsd: String) throws(ProfileError) -> LibXMLSchema {
        LibXML.ensureInitialized()
        let bytes = Array(xsd.utf8)
        let collector = SchemaErrorCollector()
        let schema: xmlSchemaPtr? = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars -> xmlSchemaPtr? in
                guard let parser = xmlSchemaNewMemParserCtxt(chars.baseAddress, Int32(chars.count)) else { return nil }
                defer { xmlSchemaFreeParserCtxt(parser) }
                xmlSchemaSetParserStructuredErrors(parser, SchemaErrorCollector.handler, Unmanaged.passUnretained(collector).toOpaque())
                return xmlSchemaParse(parser)
            }
        }
        guard let schema else {
            let reason = collector.entries.first.map { "\($0.message) (line \($0.line))" } ?? "unknown reason"
            throw ProfileError(.internalFailure, "the built-in publish-settings schema does not compile: \(reason)")
        }
        return LibXMLSchema(handle: schema)
    }

    /// Validates a document; returns the problems found (empty when it is valid).
    func validate(_ document: LibXMLDocument) throws(ProfileError) -> [SchemaErrorCollector.Entry] {
        guard let handle, let documentHandle = document.handle, let context = xmlSchemaNewValidCtxt(handle) else {
            throw ProfileError(.internalFailure, "libxml2 could not create a schema validation context (out of memory?)")
        }
        defer { xmlSchemaFreeValidCtxt(context) }
        let collector = SchemaErrorCollector()
        xmlSchemaSetValidStructuredErrors(context, SchemaErrorCollector.handler, Unmanaged.passUnretained(collector).toOpaque())
        let status = withExtendedLifetime(collector) { xmlSchemaValidateDoc(context, documentHandle) }
        if status < 0 {
            throw ProfileError(.internalFailure, "libxml2 failed while validating the profile (code \(status))")
        }
        if status > 0 && collector.entries.isEmpty {
            return [SchemaErrorCollector.Entry(message: "the document does not match the publish-settings schema", line: 0, node: nil)]
        }
        return collector.entries
    }
}
