import Foundation

/// A `multipart/form-data` body: its text fields and the first file's bytes (the portal's upload
/// form has one file, `package`).
struct MultipartForm {
    var fields: [String: String] = [:]
    var file: Data?

    /// Parses `body` with the boundary from `contentType`; `nil` when it is not multipart.
    init?(contentType: String, body: Data) {
        guard let range = contentType.range(of: "boundary=") else { return nil }
        var boundary = String(contentType[range.upperBound...].prefix { $0 != ";" })
        boundary = boundary.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        guard !boundary.isEmpty else { return nil }
        let delimiter = Data("--\(boundary)".utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        var parts: [Data] = []
        var searchStart = body.startIndex
        var previous: Data.Index?
        while let found = body.range(of: delimiter, in: searchStart..<body.endIndex) {
            if let previous { parts.append(body[previous..<found.lowerBound]) }
            previous = found.upperBound
            searchStart = found.upperBound
        }
        for part in parts {
            guard let split = part.range(of: headerEnd) else { continue }
            let headers = String(decoding: part[part.startIndex..<split.lowerBound], as: UTF8.self)
            var content = part[split.upperBound..<part.endIndex]
            if content.suffix(2) == Data("\r\n".utf8) { content = content.dropLast(2) }
            guard let nameRange = headers.range(of: "name=\"") else { continue }
            let name = String(headers[nameRange.upperBound...].prefix { $0 != "\"" })
            if headers.contains("filename=") {
                if file == nil { file = Data(content) }
            } else {
                fields[name] = String(decoding: content, as: UTF8.self)
            }
        }
    }
}
