import ArgumentParser
import AsyncHTTPClient
import Foundation
import HearthManagement
import NIOCore
import NIOHTTP1

/// A thin client of the management API over AsyncHTTPClient's shared client.
///
/// Error responses become ``ClientError``s holding the API's message and details; a server that
/// cannot be reached becomes one that names the URL tried and how to start a server.
struct ManagementClient {
    let server: String
    let token: String?

    /// The HTTP methods the API uses.
    enum Method: String {
        case GET, POST, PUT, DELETE
        var http: HTTPMethod { HTTPMethod(rawValue: rawValue) }
    }

    struct Response {
        var status: Int
        var body: Data

        /// The body as one of the API's DTOs.
        func decode<Body: Decodable>(_ type: Body.Type) throws -> Body {
            do {
                return try ManagementClient.decoder.decode(Body.self, from: body)
            } catch {
                throw ClientError(
                    message:
                        "the server's answer is not what this version of hearth expects (\(error)): \(String(decoding: body.prefix(300), as: UTF8.self))"
                )
            }
        }
    }

    /// Reads the API's JSON: ISO 8601 dates, as the API writes them.
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// Sends a request and returns a 2xx response; anything else throws ``ClientError``.
    func send(
        _ method: Method,
        _ path: String,
        query: [(String, String)] = [],
        json: (any Encodable)? = nil,
        body: Data? = nil,
        contentType: String? = nil
    ) async throws -> Response {
        var base = server
        while base.hasSuffix("/") { base.removeLast() }
        var components = URLComponents(string: base + path)
        if !query.isEmpty { components?.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        guard let url = components?.url?.absoluteString else {
            throw ClientError(message: "'\(server)' is not a valid server URL; use e.g. --server http://127.0.0.1:7070")
        }
        var request = HTTPClientRequest(url: url)
        request.method = method.http
        request.headers.add(name: "Accept", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let json {
            let data = try JSONEncoder().encode(json)
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: data))
        } else if let body {
            request.headers.add(name: "Content-Type", value: contentType ?? "application/octet-stream")
            request.headers.add(name: "Content-Length", value: String(body.count))
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        let collected: ByteBuffer
        do {
            response = try await CLIHTTP.client.execute(request, timeout: .seconds(600))
            collected = try await response.body.collect(upTo: 256 << 20)
        } catch {
            throw ClientError(
                message:
                    "cannot reach the Hearth management API at \(server) (\(error)). Start one with 'hearth serve', or point at a running one with --server URL or HEARTH_SERVER"
            )
        }
        let data = Data(collected.readableBytesView)
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            throw ClientError(status: status, body: data, server: server, hasToken: token != nil)
        }
        return Response(status: status, body: data)
    }

    /// Percent-encodes one path segment.
    static func segment(_ value: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#%")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
