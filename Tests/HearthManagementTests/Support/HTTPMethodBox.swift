import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// An `HTTPRequest.Method` usable in test tables.
struct HTTPMethodBox {
    var method: HTTPRequest.Method
    static let get = HTTPMethodBox(method: .get)
    static let post = HTTPMethodBox(method: .post)
    static let put = HTTPMethodBox(method: .put)
    static let delete = HTTPMethodBox(method: .delete)
}

extension TestClientProtocol {
    /// Sends a request with a raw Authorization header.
    func raw(_ method: HTTPRequest.Method, _ uri: String, authorization: String) async throws -> APIResponse {
        var headers = HTTPFields()
        headers[.authorization] = authorization
        return try await execute(uri: uri, method: method, headers: headers, body: nil) { response in
            APIResponse(status: response.status, body: Data(response.body.readableBytesView))
        }
    }
}
