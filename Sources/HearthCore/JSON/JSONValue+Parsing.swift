public import Foundation

extension JSONValue {
    /// Parses a JSON document (RFC 8259) as it appears in host.json and function.json.
    ///
    /// Strict RFC 8259 with the leniencies the Functions host accepts in the wild: a leading UTF-8 byte
    /// order mark, `//` and `/* */` comments, and a trailing comma before `]` or `}`. Duplicate object
    /// keys are rejected. Numbers keep their literal text.
    ///
    /// ```swift
    /// let host = try JSONValue.parse(Data(#"{"version": "2.0"}"#.utf8), file: "host.json")
    /// ```
    /// - Parameters:
    ///   - data: The UTF-8 bytes of the document.
    ///   - file: The file name reported in errors.
    /// - Throws: ``JSONSyntaxError`` naming the line and column of the first problem.
    public static func parse(_ data: Data, file: String) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: [UInt8](data), file: file)
        return try parser.parseDocument()
    }

    /// Parses a JSON document given as its UTF-8 bytes (a message body copied out of a buffer),
    /// without a `Data` in between. See ``parse(_:file:)``.
    /// - Parameters:
    ///   - bytes: The UTF-8 bytes of the document.
    ///   - file: The file name reported in errors.
    public static func parse(bytes: [UInt8], file: String) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes, file: file)
        return try parser.parseDocument()
    }

    /// Parses a JSON document held in a string. See ``parse(_:file:)``.
    /// - Parameters:
    ///   - text: The document.
    ///   - file: The file name reported in errors.
    public static func parse(_ text: String, file: String) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: Array(text.utf8), file: file)
        return try parser.parseDocument()
    }
}
