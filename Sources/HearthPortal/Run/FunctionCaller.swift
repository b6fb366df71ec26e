import AsyncHTTPClient
import Foundation
import HearthCore
import HearthManagement
import HearthStore
import NIOCore
import NIOHTTP1

/// Calls an app's function through the function host, as the Test/Run page does: by the path form
/// of ``ManagementConfiguration/workerPublicURL`` with a key the server chooses (the caller never
/// sees it), then fetches the invocation's record (status and logs) named by the worker's
/// `x-hearth-invocation-id` header.
struct FunctionCaller: Sendable {
    let store: any ManagementStore
    let workerPublicURL: String
    var client: HTTPClient = .shared
    /// How long to wait for the worker to write an invocation's end after its answer.
    var recordWait: Duration = .seconds(5)

    static let invocationIDHeader = "x-hearth-invocation-id"

    /// What came back.
    struct Result: Sendable {
        var status: Int
        var reason: String
        var headers: [(name: String, value: String)]
        var body: ByteBuffer
        var milliseconds: Double
        var invocation: InvocationRecord?
    }

    /// `{workerPublicURL}/_app/{app}{path}` (path starts with `/`).
    func url(app: String, path: String) -> String {
        var base = workerPublicURL
        while base.hasSuffix("/") { base.removeLast() }
        return "\(base)/_app/\(app)\(path)"
    }

    /// The key for a call at `level` to `function`: none for anonymous, the function's own key (or
    /// a host key) for function level, the master key for admin.
    func key(appID: UUID, function: String, level: AuthorizationLevel) async throws -> String? {
        guard level > .anonymous else { return nil }
        // The key named `default` first, then by name: the same key every time.
        func rank(_ key: FunctionKey) -> (Int, String) { (key.name == "default" ? 0 : 1, key.name) }
        let keys = try await store.keys(appID: appID).sorted { rank($0) < rank($1) }
        let master = keys.first { $0.scope == .master }?.value
        if level >= .system { return master }
        let own = keys.first { $0.scope == .function && $0.functionName?.lowercased() == function.lowercased() }
        return own?.value ?? keys.first { $0.scope == .host }?.value ?? master
    }

    func call(
        appID: UUID,
        url: String,
        method: String,
        headers: [(String, String)],
        key: String?,
        body: String
    ) async throws -> Result {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let key { request.headers.replaceOrAdd(name: "x-functions-key", value: key) }
        if !body.isEmpty { request.body = .bytes(ByteBuffer(string: body)) }
        let started = ContinuousClock.now
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .seconds(120))
        } catch {
            throw ManagementError(.badRequest, "the function host at \(workerPublicURL) did not answer (\(error)); is the worker running?")
        }
        let received = try await response.body.collect(upTo: 16 << 20)
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        var invocation: InvocationRecord?
        if let id = response.headers.first(name: Self.invocationIDHeader).flatMap(UUID.init(uuidString:)) {
            invocation = try await record(id, appID: appID)
        }
        return Result(
            status: Int(response.status.code),
            reason: response.status.reasonPhrase,
            headers: response.headers.filter { $0.name.lowercased() != Self.invocationIDHeader }.map { ($0.name, $0.value) },
            body: received,
            milliseconds: milliseconds,
            invocation: invocation
        )
    }

    /// The invocation's record once its end is written (the worker writes it asynchronously), or
    /// as it is when ``recordWait`` has passed; `nil` for another app's id.
    func record(_ id: UUID, appID: UUID) async throws -> InvocationRecord? {
        let deadline = ContinuousClock.now + recordWait
        while true {
            let record = try await store.invocation(id: id)
            if let record, record.appID != appID { return nil }
            if let record, record.status != .running { return record }
            if ContinuousClock.now >= deadline { return record }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
