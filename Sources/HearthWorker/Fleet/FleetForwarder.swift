import Foundation
import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// Forwards a request for an app placed on other workers to one of them, one hop, over kept-alive
/// connections (an ``UpstreamPool`` per worker), with the ``ForwardingProof`` header. The client's
/// Host, path, query and body go unchanged; `X-Forwarded-For` gets the caller's address appended,
/// `X-Forwarded-Host` and `X-Forwarded-Proto` say what this worker decided (the receiver believes
/// them from a verified fleet member). A worker that cannot be connected to is skipped for the
/// next; when none answers, 502.
final class FleetForwarder: Sendable {
    private let routing: FleetRouting
    private let maxBodyBytes: Int
    private let logger: Logger
    private let pools = Mutex<[String: UpstreamPool]>([:])

    init(routing: FleetRouting, maxBodyBytes: Int, logger: Logger) {
        self.routing = routing
        self.maxBodyBytes = maxBodyBytes
        self.logger = logger
    }

    /// Reply headers the front sets itself.
    private static let notRelayed = CustomHandlerHost.hopByHop.union(["date", "server"])

    /// The request as forwarded: the client's fields without hop-by-hop ones, the proof and the
    /// `X-Forwarded-*` this worker vouches for.
    static func head(
        _ request: HTTPRequest,
        bodyLength: Int,
        clientAddress: String?,
        host: String,
        scheme: String,
        proof: String
    ) -> HTTPRequestHead {
        var headers = HTTPHeaders()
        if let authority = request.authority { headers.add(name: "Host", value: authority) }
        let dropped: Set<String> = [
            "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "content-length",
            "host", "x-forwarded-host", "x-forwarded-proto", "x-hearth-forwarded", "expect",
        ]
        var forwardedFor: [String] = []
        for field in request.headerFields {
            let name = field.name.canonicalName
            if name == "x-forwarded-for" {
                forwardedFor.append(field.value)
            } else if !dropped.contains(name) {
                headers.add(name: field.name.rawName, value: field.value)
            }
        }
        if let clientAddress { forwardedFor.append(clientAddress) }
        if !forwardedFor.isEmpty { headers.add(name: "X-Forwarded-For", value: forwardedFor.joined(separator: ", ")) }
        headers.add(name: "X-Forwarded-Host", value: host)
        headers.add(name: "X-Forwarded-Proto", value: scheme)
        headers.add(name: ForwardingProof.headerName, value: proof)
        headers.add(name: "Content-Length", value: String(bodyLength))
        return HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: request.method.rawValue), uri: request.path ?? "/", headers: headers)
    }

    /// Sends the request to the first of `peers` that can be reached.
    func forward(
        _ request: HTTPRequest,
        body: ByteBuffer,
        clientAddress: String?,
        host: String,
        scheme: String,
        peers: [FleetRoutes.Peer],
        deadline: NIODeadline
    ) async -> HTTPMessage {
        guard let key = routing.key, let sender = routing.current.selfID else {
            return FrontRouter.plain(
                503,
                "Service Unavailable: this app runs on other workers and this worker cannot forward to them yet (no fleet forwarding key or not registered)."
            )
        }
        var failures: [String] = []
        for peer in routing.rotated(peers) {
            guard let pool = pool(for: peer) else {
                failures.append("\(peer.name): advertised URL \(peer.url) is not plain http://host:port")
                continue
            }
            let proof = ForwardingProof.sign(
                sender: sender,
                at: Date(),
                method: request.method.rawValue,
                target: request.path ?? "/",
                authority: request.authority ?? "",
                key: key
            )
            let head = Self.head(request, bodyLength: body.readableBytes, clientAddress: clientAddress, host: host, scheme: scheme, proof: proof)
            do {
                let response = try await pool.execute(head, body: body, deadline: deadline)
                var headers: [(name: String, value: String)] = []
                for (name, value) in response.head.headers where !Self.notRelayed.contains(name.lowercased()) {
                    headers.append((name, value))
                }
                return HTTPMessage(status: Int(response.head.status.code), headers: headers, body: response.body)
            } catch is UpstreamDeadlineExceeded {
                return FrontRouter.plain(504, "Gateway Timeout: the worker '\(peer.name)' this app runs on did not answer in time.")
            } catch let error as WorkerError {
                // The connection broke after the request was sent: it may have run, so no retry.
                logger.warning("forwarded request failed", metadata: ["worker": "\(peer.name)", "error": "\(error.message)"])
                return FrontRouter.plain(502, "Bad Gateway: the worker '\(peer.name)' this app runs on closed the connection before it answered.")
            } catch {
                logger.warning("cannot reach a worker to forward to; trying the next", metadata: ["worker": "\(peer.name)", "error": "\(error)"])
                failures.append("\(peer.name): cannot connect")
            }
        }
        return FrontRouter.plain(
            502,
            "Bad Gateway: this app runs on other workers and none could be reached (\(failures.joined(separator: "; ")))."
        )
    }

    /// The kept-alive connections to `peer`, or `nil` when its URL is not `http://host[:port]`.
    private func pool(for peer: FleetRoutes.Peer) -> UpstreamPool? {
        let key = "\(peer.id) \(peer.url)"
        if let pool = pools.withLock({ $0[key] }) { return pool }
        guard let url = URL(string: peer.url), url.scheme?.lowercased() == "http", var host = url.host else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        let created = UpstreamPool(host: host, port: url.port ?? 80, maxBodyBytes: maxBodyBytes, maxIdlePerLoop: 16)
        return pools.withLock { pools in
            if let existing = pools[key] { return existing }
            pools[key] = created
            return created
        }
    }
}
