import Foundation
import HearthCore
import NIOCore
import NIOHTTP1

/// An HTTP request or response as the worker passes it around.
struct HTTPMessage: Sendable {
    var status: Int = 200
    var method: String = "GET"
    /// Path and query, e.g. `/api/hello?name=x`.
    var target: String = "/"
    var headers: [(name: String, value: String)] = []
    var body: ByteBuffer = ByteBuffer()
}

extension CustomHandlerHost {
    /// Headers that belong to one hop and are never relayed.
    static let hopByHop: Set<String> = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization", "proxy-authenticate", "content-length"]

    /// `POST /{function}` with the `{"Data", "Metadata"}` payload; returns the handler's JSON reply.
    func invoke(function: String, payload: JSONValue, invocationID: UUID, timeout: Duration?) async throws -> JSONValue {
        let endpoint = try await endpoint()
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: "/\(function)")
        let body = ByteBuffer(string: payload.serialized(pretty: false))
        head.headers.add(name: "Host", value: "127.0.0.1:\(endpoint.port)")
        head.headers.add(name: "Content-Type", value: "application/json")
        head.headers.add(name: "Content-Length", value: String(body.readableBytes))
        head.headers.add(name: "X-Azure-Functions-InvocationId", value: invocationID.uuidString.lowercased())
        head.headers.add(name: "X-Azure-Functions-HostVersion", value: HearthVersion.compatibleHostVersion)
        head.headers.add(name: "User-Agent", value: Self.userAgent)
        let response = try await send(head, body: body, endpoint: endpoint, timeout: timeout)
        guard (200..<300).contains(Int(response.head.status.code)) else {
            var text = String(buffer: response.body)
            var logs: [String] = []
            // Hearth's Node worker answers a failure as {"Error", "Logs"}: keep what the function logged.
            if response.head.headers["Content-Type"].first?.hasPrefix("application/json") == true,
               let reply = try? JSONValue.parse(Data(response.body.readableBytesView), file: "response of /\(function)"),
               case .string(let error)? = reply["Error"] {
                text = error
                if case .array(let lines)? = reply["Logs"] { logs = lines.compactMap { if case .string(let s) = $0 { s } else { nil } } }
            }
            throw WorkerError(.handlerFailed, "the handler answered \(response.head.status.code) for \(function)\(text.isEmpty ? "" : ": \(text.prefix(500))")", logs: logs)
        }
        if response.body.readableBytes == 0 { return .object([]) }
        do {
            return try JSONValue.parse(Data(response.body.readableBytesView), file: "response of /\(function)")
        } catch {
            throw WorkerError(.badResponse, "the handler's reply to /\(function) is not JSON: \(error)")
        }
    }

    /// Re-sends the caller's request unchanged to the handler (`enableForwardingHttpRequest`) and returns its reply as-is.
    func forward(_ message: HTTPMessage, timeout: Duration?) async throws -> HTTPMessage {
        let endpoint = try await endpoint()
        var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: message.method), uri: message.target)
        for header in message.headers where !Self.hopByHop.contains(header.name.lowercased()) {
            head.headers.add(name: header.name, value: header.value)
        }
        if !head.headers.contains(name: "Host") { head.headers.add(name: "Host", value: "127.0.0.1:\(endpoint.port)") }
        head.headers.add(name: "Content-Length", value: String(message.body.readableBytes))
        let response = try await send(head, body: message.body, endpoint: endpoint, timeout: timeout)
        var reply = HTTPMessage(status: Int(response.head.status.code), body: response.body)
        reply.headers = response.head.headers.filter { !Self.hopByHop.contains($0.name.lowercased()) }.map { ($0.name, $0.value) }
        return reply
    }

    static let userAgent = "Azure-Functions-Host/\(HearthVersion.compatibleHostVersion) Hearth/\(HearthVersion.current)"

    private func send(_ head: HTTPRequestHead, body: ByteBuffer, endpoint: Endpoint, timeout: Duration?) async throws -> UpstreamResponse {
        let deadline = timeout.map { NIODeadline.now() + .nanoseconds(Int64($0.components.seconds) * 1_000_000_000 + $0.components.attoseconds / 1_000_000_000) } ?? .distantFuture
        do {
            return try await endpoint.pool.execute(head, body: body, deadline: deadline)
        } catch is UpstreamDeadlineExceeded {
            await recycle(endpoint, reason: "an invocation ran past functionTimeout (\(timeout.map { "\($0)" } ?? "none"))")
            throw WorkerError(.timedOut, "the function did not finish within functionTimeout (\(timeout.map { "\($0)" } ?? "none")); the handler was restarted")
        } catch {
            // A dropped connection usually means the handler died; its exit is observed a moment later.
            if let exit = await endpoint.process.exitStatus(waitingUpTo: .milliseconds(200)) {
                throw WorkerError(.handlerFailed, "the handler \(exit) during the invocation", cause: error)
            }
            throw WorkerError(.handlerFailed, "the handler did not answer: \(error)", cause: error)
        }
    }
}
