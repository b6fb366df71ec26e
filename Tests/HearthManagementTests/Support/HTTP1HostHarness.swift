import HTTPTypes
import HearthManagement
import Hummingbird

/// Makes the in-memory router's requests look like the server's: Hummingbird's test framework
/// always sets `authority` to `localhost` and leaves a `Host` header in the fields, whereas NIO's
/// HTTP/1 server moves the first `Host` line into `authority` and leaves only further ones. A
/// test's `Host` header is moved the same way here.
struct HTTP1HostHarness<Inner: HTTPResponderBuilder>: HTTPResponderBuilder where Inner.Responder.Context == ManagementRequestContext {
    let inner: Inner

    func buildResponder() -> Responder { Responder(inner: inner.buildResponder()) }

    struct Responder: HTTPResponder {
        typealias Context = ManagementRequestContext
        let inner: Inner.Responder

        func respond(to request: Request, context: Context) async throws -> Response {
            let name = HTTPField.Name("Host")!
            guard let first = request.headers.firstIndex(where: { $0.name == name }) else {
                return try await inner.respond(to: request, context: context)
            }
            var head = request.head
            head.authority = head.headerFields[first].value
            head.headerFields.remove(at: first)
            return try await inner.respond(to: Request(head: head, body: request.body), context: context)
        }
    }
}
