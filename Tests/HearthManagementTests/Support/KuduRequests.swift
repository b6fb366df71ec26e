import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// Requests as Kudu clients send them.
extension TestClientProtocol {
    /// A Kudu call with HTTP Basic (or any Authorization), an optional Host and extra headers.
    func kudu(
        _ method: HTTPRequest.Method,
        _ uri: String,
        user: String? = nil,
        password: String? = nil,
        authorization: String? = nil,
        host: String? = nil,
        data: Data? = nil,
        headers extra: [(String, String)] = []
    ) async throws -> (response: APIResponse, headers: HTTPFields) {
        var headers = HTTPFields()
        if let user, let password {
            headers[.authorization] = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        } else if let authorization {
            headers[.authorization] = authorization
        }
        if let host { headers[HTTPField.Name("Host")!] = host }
        for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
        var body: ByteBuffer?
        if let data {
            headers[.contentType] = "application/zip"
            headers[.contentLength] = String(data.count)
            body = ByteBuffer(bytes: data)
        }
        return try await execute(uri: uri, method: method, headers: headers, body: body) { response in
            (APIResponse(status: response.status, body: Data(response.body.readableBytesView)), response.headers)
        }
    }
}
