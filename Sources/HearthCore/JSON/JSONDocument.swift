public import Foundation

/// A parsed JSON document with the position of each of its values, for messages that name a line.
///
/// ```swift
/// let document = try JSONDocument.parse(data, file: "HttpHello/function.json")
/// let line = document.positions.nearest(jsonPath: "$.bindings[0].route")?.line
/// ```
public struct JSONDocument: Sendable {
    /// The document's value.
    public var value: JSONValue
    /// Where each value starts.
    public var positions: JSONPositions

    /// Parses a document as ``JSONValue/parse(_:file:)`` does, recording where each value starts.
    /// - Parameters:
    ///   - data: The UTF-8 bytes of the document.
    ///   - file: The file name reported in errors.
    /// - Throws: ``JSONSyntaxError`` naming the line and column of the first problem.
    public static func parse(_ data: Data, file: String) throws(JSONSyntaxError) -> JSONDocument {
        var parser = JSONParser(bytes: [UInt8](data), file: file, recordsPositions: true)
        let value = try parser.parseDocument()
        return JSONDocument(value: value, positions: parser.positions())
    }
}
