import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Synchronization

/// A real `hearth serve` process on free ports and a fresh data directory, for end-to-end tests.
final class HearthServer: Sendable {
    let managementURL: String
    let workerURL: String
    let token: String
    let dataDirectory: URL
    private let process: Process
    private let output: OutputBuffer

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The `hearth` binary `swift build` produced (HEARTH_BIN overrides).
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["HEARTH_BIN"] { return URL(fileURLWithPath: path) }
        for candidate in [".build/debug/hearth", ".build/x86_64-unknown-linux-gnu/debug/hearth", ".build/aarch64-unknown-linux-gnu/debug/hearth"] {
            let url = packageRoot.appendingPathComponent(candidate)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return packageRoot.appendingPathComponent(".build/debug/hearth")
    }

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts `hearth serve` and waits until both servers listen.
    /// - Parameters:
    ///   - restarting: A stopped server whose data directory (and admin token) to use.
    ///   - startLimit: How long it may take to say "Function host listening" (it throws with the server's
    ///     output when it is still running without having said so).
    ///   - binary: The program to start (``binary`` unless given).
    init(
        extraArguments: [String] = [],
        environment: [String: String] = [:],
        restarting previous: HearthServer? = nil,
        startLimit: Duration = .seconds(60),
        binary: URL? = nil
    ) async throws {
        dataDirectory = previous?.dataDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("hearth-e2e-\(UUID().uuidString)")
        let managementPort = Self.freePort()
        var workerPort = Self.freePort()
        while workerPort == managementPort { workerPort = Self.freePort() }
        let scheme = extraArguments.contains("--tls-cert") ? "https" : "http"
        managementURL = "\(scheme)://127.0.0.1:\(managementPort)"
        workerURL = "\(scheme)://127.0.0.1:\(workerPort)"
        process = Process()
        process.executableURL = binary ?? Self.binary
        process.arguments =
            [
                "serve", "--data-dir", dataDirectory.path, "--management-port", "\(managementPort)", "--http-port", "\(workerPort)", "--log-level",
                "warning",
            ] + extraArguments
            + (HostCapabilities.sandbox || extraArguments.contains("--no-isolation") ? [] : ["--no-isolation"])
        var env = ProcessInfo.processInfo.environment
        env["HEARTH_MASTER_KEY"] = nil
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let output = OutputBuffer()
        self.output = output
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                return
            }
            output.append(String(decoding: data, as: UTF8.self))
        }
        try process.run()
        // Generous by default: a loaded 2-core CI machine has been seen to take more than 30 s.
        let deadline = ContinuousClock.now + startLimit
        var found = previous?.token
        var listening = false
        while ContinuousClock.now < deadline {
            let text = output.text
            if found == nil, let range = text.range(of: #"hth_[A-Za-z0-9_-]+"#, options: .regularExpression) { found = String(text[range]) }
            listening = text.contains("Function host listening")
            if found != nil, listening { break }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        guard let found else {
            process.terminate()
            throw TestFailure("hearth serve did not start: \(output.text)")
        }
        // A server that exited is the caller's to judge (tests of refused starts read its log); one still
        // running that never said it listens would only show up later as "connection refused".
        listening = listening || output.text.contains("Function host listening")
        if process.isRunning, !listening {
            process.terminate()
            throw TestFailure("hearth serve did not report \"Function host listening\" within \(startLimit); its output:\n\(output.text)")
        }
        token = found
    }

    var log: String { output.text }

    /// The function host's port.
    var workerPort: Int { Int(workerURL.split(separator: ":").last!)! }

    /// The management API's port.
    var managementPort: Int { Int(managementURL.split(separator: ":").last!)! }

    /// The server's process id (sandboxed apps must not be able to signal it).
    var pid: Int32 { process.processIdentifier }

    /// An app's status (`{"state", "reason", …}`) from the management API.
    func appStatus(_ app: String) async throws -> [String: Any] {
        try await api(.GET, "/api/apps/\(app)").json()["status"] as? [String: Any] ?? [:]
    }

    /// The app's invocation log entries, newest first.
    func invocations(_ app: String, function: String? = nil) async throws -> [[String: Any]] {
        let query = function.map { "function=\($0)&" } ?? ""
        return try await api(.GET, "/api/apps/\(app)/invocations?\(query)limit=100").json()["invocations"] as? [[String: Any]] ?? []
    }

    /// SIGTERM now; SIGKILL after 15 s if it has not exited. Never blocks the caller (a blocked
    /// cooperative thread would stall every other test on a 2-core machine).
    func stop() {
        guard process.isRunning else {
            try? FileManager.default.removeItem(at: dataDirectory)
            return
        }
        let pid = process.processIdentifier
        let directory = dataDirectory
        process.terminate()
        DispatchQueue.global().async { [process] in
            let deadline = Date().addingTimeInterval(15)
            while process.isRunning && Date() < deadline { usleep(50_000) }
            if process.isRunning { kill(pid, SIGKILL) }
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// SIGKILL, as a crash: nothing is flushed, the data directory stays. Returns once it exited.
    func kill9() async throws {
        kill(process.processIdentifier, SIGKILL)
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
    }

    // MARK: HTTP

    struct Reply: Sendable {
        var status: Int
        var headers: [(String, String)]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any] else { throw TestFailure("not a JSON object: \(text)") }
            return object
        }
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    func request(_ method: HTTPMethod, _ url: String, headers: [(String, String)] = [], body: Data? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(data: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: Data(buffer: bytes))
    }

    /// A management API call with the admin token (or `token`).
    func api(
        _ method: HTTPMethod,
        _ path: String,
        json: Any? = nil,
        body: Data? = nil,
        contentType: String? = nil,
        token: String? = nil
    ) async throws -> Reply {
        var headers = [("Authorization", "Bearer \(token ?? self.token)")]
        var payload = body
        if let json {
            payload = try JSONSerialization.data(withJSONObject: json)
            headers.append(("Content-Type", "application/json"))
        }
        if let contentType { headers.append(("Content-Type", contentType)) }
        return try await request(method, managementURL + path, headers: headers, body: payload)
    }

    /// A function call through the worker's path form.
    func call(_ app: String, _ path: String, method: HTTPMethod = .GET, headers: [(String, String)] = [], body: Data? = nil) async throws -> Reply {
        try await request(method, "\(workerURL)/_app/\(app)\(path)", headers: headers, body: body)
    }

    /// Creates a tenant (if needed) and an app.
    func createApp(_ name: String, tenant: String = "e2e", settings: [String: Any] = [:]) async throws {
        _ = try await api(.POST, "/api/tenants", json: ["name": tenant])
        let created = try await api(.POST, "/api/apps", json: ["name": name, "tenant": tenant])
        guard created.status == 201 else { throw TestFailure("app create failed: \(created.status) \(created.text)") }
        if !settings.isEmpty {
            let reply = try await api(.PUT, "/api/apps/\(name)/settings", json: settings)
            guard reply.status == 200 else { throw TestFailure("settings failed: \(reply.status) \(reply.text)") }
        }
    }

    func deploy(_ app: String, zip: Data) async throws -> Reply {
        try await api(.POST, "/api/apps/\(app)/deployments", body: zip, contentType: "application/zip")
    }

    /// Polls until `condition` holds for a function reply (the worker picks up changes within ~250 ms).
    func eventually(timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if (try? await condition()) == true { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}

/// What the server printed so far.
final class OutputBuffer: Sendable {
    private let buffer = Mutex("")
    func append(_ text: String) { buffer.withLock { $0 += text } }
    var text: String { buffer.withLock { $0 } }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
