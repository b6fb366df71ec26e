import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Reads request bodies with a size limit enforced while the bytes arrive, so an oversize upload is
/// refused without being buffered.
enum RequestBodyReader {
    /// JSON bodies are small; anything past this is refused.
    static let maxJSONBytes = 1 << 20

    /// Collects the body, failing with 413 as soon as it passes `limit` bytes (or at once, when the
    /// declared `Content-Length` is already larger).
    static func collect(_ request: Request, limit: Int, what: String) async throws -> Data {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw tooLarge(what: what, size: declared, limit: limit)
        }
        var data = Data()
        for try await buffer in request.body {
            guard data.count + buffer.readableBytes <= limit else {
                throw tooLarge(what: what, size: nil, limit: limit)
            }
            data.append(contentsOf: buffer.readableBytesView)
        }
        return data
    }

    /// Decodes a JSON body, with a message that names the field at fault.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let data = try await collect(request, limit: maxJSONBytes, what: "JSON body")
        guard !data.isEmpty else {
            throw ManagementError(.invalidJSON, "the request body is empty; send a JSON object (Content-Type: application/json)")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as ManagementError {
            throw error
        } catch let error as DecodingError {
            throw ManagementError(.invalidJSON, describe(error))
        } catch {
            throw ManagementError(.invalidJSON, "the request body is not valid JSON: \(error.localizedDescription)")
        }
    }

    static func tooLarge(what: String, size: Int?, limit: Int) -> ManagementError {
        let actual = size.map { "is \($0) bytes, more than" } ?? "is larger than"
        return ManagementError(
            .payloadTooLarge,
            "the \(what) \(actual) the \(limit) bytes this server accepts; nothing was stored. Make it smaller (leave files out with .funcignore) or raise the server's upload limit"
        )
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            var text = "$"
            for key in codingPath {
                if let index = key.intValue { text += "[\(index)]" } else { text += ".\(key.stringValue)" }
            }
            return text
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "the request body is not valid JSON; send a JSON object (Content-Type: application/json)"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)) is invalid: \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context.codingPath + [key])) is missing; add the field \"\(key.stringValue)\""
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) has the wrong type; expected \(Self.jsonTypeName(type))"
        case .valueNotFound(let type, let context):
            return "\(path(context.codingPath)) is null; expected \(Self.jsonTypeName(type))"
        @unknown default:
            return "the request body does not have the expected shape"
        }
    }

    /// How a JSON body names `type`. The decoder reports an expected object as a dictionary type
    /// (`[String: Any]`), which is a Collection too: it is checked first.
    static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Double.Type: "a number"
        case is [String].Type: "an array of strings"
        case is any JSONObjectType.Type: "an object"
        default: type is any Collection.Type ? "an array" : "an object"
        }
    }
}
