internal import CLibXML2
import Foundation

/// Gathers the structured errors libxml2 reports while a schema is parsed or a document validated
/// (passed to the C handler unretained; the validating call keeps it alive).
final class SchemaErrorCollector {
    struct Entry {
        var message: String
        var line: Int
        var node: xmlNodePtr?
    }

    var entries: [Entry] = []

    /// The C handler for `xmlSchemaSet…StructuredErrors`.
    static let handler: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        let collector = Unmanaged<SchemaErrorCollector>.fromOpaque(context).takeUnretainedValue()
        guard collector.entries.count < 50 else { return }
        let message = error.pointee.message.map { String(cString: $0) } ?? "schema error"
        let node = error.pointee.node?.assumingMemoryBound(to: xmlNode.self)
        collector.entries.append(Entry(message: message.trimmingCharacters(in: .whitespacesAndNewlines), line: Int(error.pointee.line), node: node))
    }
}
