import AsyncHTTPClient
import Foundation
import HearthManagement
import NIOCore
import NIOHTTP1

/// Talks to any Kudu-compatible deploy endpoint (Hearth's, Azure App Service's, …) with HTTP Basic
/// publishing credentials: `POST {base}/api/zipdeploy?isAsync=true`, then poll the `Location`.
struct KuduPublishClient {
    /// `https://host[:port][/path]`, no trailing slash.
    let base: String
    let user: String
    let password: String
    /// The HTTP client (``CLIHTTP/client``, or one trusting a private CA).
    var http: HTTPClient = CLIHTTP.client

    struct Reply {
        var status: Int
        var headers: HTTPHeaders
        var body: Data

        /// The body as a deployment record (`nil` when it is not a JSON object).
        var record: DeployResultDTO? { try? ManagementClient.decoder.decode(DeployResultDTO.self, from: body) }

        /// The body as the lines of a deployment log (`nil` when it is not a JSON array of objects).
        var logEntries: [DeployLogEntryDTO]? { try? ManagementClient.decoder.decode([DeployLogEntryDTO].self, from: body) }
    }

    /// The endpoint's base URL from a profile's `publishUrl`: Azure writes `host:443` without a
    /// scheme (HTTPS); Hearth writes `http://…` when the instance has no TLS; both are accepted.
    static func baseURL(publishUrl raw: String) throws -> String {
        var url = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !url.isEmpty else { throw ClientError(message: "the profile has an empty publishUrl; download the profile again") }
        if !url.contains("://") { url = "https://" + url }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
            components.host?.isEmpty == false
        else {
            throw ClientError(
                message:
                    "the profile's publishUrl '\(raw)' is not an HTTP(S) Kudu endpoint (FTP profiles cannot be used); import the ZipDeploy profile"
            )
        }
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    var authorization: String { "Basic " + Data("\(user):\(password)".utf8).base64EncodedString() }

    func upload(_ package: Data, query: [(String, String)], progress: @escaping @Sendable (Int) -> Void) async throws -> Reply {
        var components = URLComponents(string: base + "/api/zipdeploy")
        components?.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
        guard let url = components?.url?.absoluteString else { throw ClientError(message: "cannot build the zipdeploy URL from '\(base)'") }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/zip")
        request.body = .stream(ChunkedUpload(data: package, progress: progress), length: .known(Int64(package.count)))
        return try await send(request, timeout: .seconds(1800))
    }

    func get(_ url: String) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        return try await send(request, timeout: .seconds(60))
    }

    /// Resolves a `Location` (absolute, or relative to the endpoint's host).
    func resolve(_ location: String) -> String {
        if location.contains("://") { return location }
        guard let components = URLComponents(string: base), let scheme = components.scheme, let host = components.host else { return base + location }
        let port = components.port.map { ":\($0)" } ?? ""
        return "\(scheme)://\(host)\(port)\(location.hasPrefix("/") ? "" : "/")\(location)"
    }

    private func send(_ request: HTTPClientRequest, timeout: TimeAmount) async throws -> Reply {
        var request = request
        // The publishing credentials go only to the profile's own endpoint: a Location or log URL on
        // another host does not get them.
        if Self.origin(of: request.url) == Self.origin(of: base) {
            request.headers.add(name: "Authorization", value: authorization)
        }
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "hearth-publish/1")
        do {
            let response = try await http.execute(request, timeout: timeout)
            let body = try await response.body.collect(upTo: 16 << 20)
            return Reply(status: Int(response.status.code), headers: response.headers, body: Data(body.readableBytesView))
        } catch {
            throw ClientError(
                message: "cannot reach the deploy endpoint \(base) (\(error)); check the profile's publishUrl and that the server is running"
            )
        }
    }

    /// `scheme://host:port`, lower-cased, with the scheme's default port filled in.
    static func origin(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(), let host = components.host?.lowercased()
        else {
            return nil
        }
        let port = components.port ?? (scheme == "https" ? 443 : 80)
        return "\(scheme)://\(host):\(port)"
    }

    /// A failed reply as a sentence: the API's message if it sent one, else the start of the body.
    static func failure(_ reply: Reply, action: String) -> ClientError {
        if reply.status == 401 {
            return ClientError(
                message:
                    "the deploy endpoint refused the publishing credentials (401); the password may have been reset. Download the publish profile again and re-import it with 'hearth profile import'"
            )
        }
        let message =
            (try? ManagementClient.decoder.decode(ErrorBody.self, from: reply.body))?.error.message
            ?? reply.record?.message
            ?? String(decoding: reply.body.prefix(400), as: UTF8.self)
        return ClientError(message: "\(action) failed (HTTP \(reply.status)): \(message)")
    }
}
