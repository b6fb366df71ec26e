import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// A decoded API response: status and JSON body.
struct APIResponse {
    var status: HTTPResponse.Status
    var body: Data

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// `error.message` of an error body.
    var errorMessage: String { (json["error"] as? [String: Any])?["message"] as? String ?? "" }
    /// `error.code` of an error body.
    var errorCode: String { (json["error"] as? [String: Any])?["code"] as? String ?? "" }
    /// `error.details` of an error body.
    var errorDetails: [[String: String]] { (json["error"] as? [String: Any])?["details"] as? [[String: String]] ?? [] }
}

extension TestClientProtocol {
    /// Sends a request with a bearer token and an optional JSON or raw body.
    func call(
        _ method: HTTPRequest.Method,
        _ uri: String,
        token: String?,
        json: String? = nil,
        data: Data? = nil,
        contentType: String? = nil
    ) async throws -> APIResponse {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(string: json)
        } else if let data {
            headers[.contentType] = contentType ?? "application/zip"
            body = ByteBuffer(bytes: data)
        }
        return try await execute(uri: uri, method: method, headers: headers, body: body) { response in
            APIResponse(status: response.status, body: Data(response.body.readableBytesView))
        }
    }
}
