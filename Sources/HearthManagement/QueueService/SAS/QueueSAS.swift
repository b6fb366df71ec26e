import Foundation
import HearthCore

/// Verifies a request's shared access signature (``QueueSASToken``) for the queue service, with
/// no I/O: the caller passes the request, the account's keys, the time and how the request came.
///
/// In order: the signature must match the string to sign under either account key (compared in
/// constant time); the time must be before `se` and, give or take ``startSkew``, after `st`; the
/// request must come over HTTPS when `spr=https`, and from inside `sip` when given; an account
/// SAS must name the queue service in `ss` and the operation's resource type in `srt`; and `sp`
/// must hold a permission the operation needs (``QueueSASOperation``). Any failure refuses the
/// request before a route runs, so a refused request changes nothing.
enum QueueSAS {
    /// How far ahead of the server's clock a SAS's start may be (the clocks of producer and server
    /// may differ; the same window Shared Key allows for request dates).
    static let startSkew: TimeInterval = QueueSharedKey.allowedSkew

    /// How a request reached the endpoint.
    struct Transport: Equatable, Sendable {
        /// Whether the listener serves TLS.
        var isHTTPS: Bool
        /// The client's IP address, when known.
        var clientAddress: String?
    }

    /// Checks `token` (parsed from `request`) for a request to `account`.
    static func verify(
        _ token: QueueSASToken,
        request: QueueSignedRequest,
        account: String,
        keys: QueueAccountKeys,
        now: Date,
        transport: Transport
    ) throws(QueueSASFailure) {
        var query: [String: String] = [:]
        for (name, value) in request.queryParameters where query[name] == nil { query[name] = value }
        let operation = QueueSASOperation(method: request.method, path: request.path, query: query)
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: true)
        var queue: String?
        if token.kind == .queue {
            guard segments.count >= 2 else { throw .noQueueInPath }
            queue = (String(segments[1]).removingPercentEncoding ?? String(segments[1])).lowercased()
        }
        let text = token.stringToSign(account: account, queue: queue)
        let given = Array(token.signature.utf8)
        var matched = false
        for key in [keys.primary, keys.secondary] where ConstantTime.equal(Array(QueueSharedKey.signature(text, key: key).utf8), given) {
            matched = true
        }
        guard matched else { throw .signatureMismatch }
        guard now < token.expiryDate else { throw .outsideTimeWindow }
        if let start = token.startDate, start.timeIntervalSince(now) > startSkew { throw .outsideTimeWindow }
        if token.httpsOnly, !transport.isHTTPS { throw .protocolMismatch }
        if let range = token.ipRange, !(transport.clientAddress.map(range.contains) ?? false) {
            throw .sourceIPMismatch(transport.clientAddress ?? "unknown")
        }
        guard let operation else { throw .permissionMismatch }
        let granted = Set(token.permissions)
        switch token.kind {
        case .account:
            guard (token.services ?? "").contains("q") else { throw .serviceMismatch }
            guard (token.resourceTypes ?? "").contains(operation.accountResourceType) else { throw .resourceTypeMismatch }
            guard !granted.isDisjoint(with: operation.accountPermissions) else { throw .permissionMismatch }
        case .queue:
            guard !granted.isDisjoint(with: operation.queuePermissions) else { throw .permissionMismatch }
        }
    }
}
