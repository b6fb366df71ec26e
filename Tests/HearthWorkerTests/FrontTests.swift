import Foundation
import HTTPTypes
import NIOCore
import Testing

@testable import HearthWorker

/// Pieces of the HTTP front that need no socket.
@Suite struct FrontTests {
    @Test func trustedProxiesMatchAddressesAndRanges() throws {
        let proxies = try TrustedProxies(["10.0.0.0/8", "192.168.1.5", "fd00::/8"])
        #expect(proxies.contains(try SocketAddress(ipAddress: "10.20.30.40", port: 1)))
        #expect(proxies.contains(try SocketAddress(ipAddress: "192.168.1.5", port: 1)))
        #expect(!proxies.contains(try SocketAddress(ipAddress: "192.168.1.6", port: 1)))
        #expect(proxies.contains(try SocketAddress(ipAddress: "fd12::1", port: 1)))
        #expect(proxies.contains(try SocketAddress(ipAddress: "::ffff:10.1.1.1", port: 1)))
        #expect(!proxies.contains(nil))
        #expect(!(try TrustedProxies([])).contains(try SocketAddress(ipAddress: "10.0.0.1", port: 1)))
        #expect(throws: WorkerError.self) { try TrustedProxies(["not-an-ip"]) }
        #expect(throws: WorkerError.self) { try TrustedProxies(["10.0.0.0/33"]) }
    }

    @Test func queryParsingDecodesAndKeepsRepeats() {
        let query = FrontRouter.parseQuery("a=1&b=x%20y&a=2&c&d=p+q")
        #expect(query.map { "\($0.0)=\($0.1)" } == ["a=1", "b=x y", "a=2", "c=", "d=p q"])
        #expect(FrontRouter.parseQuery(nil).isEmpty)
        #expect(FrontRouter.stripPort("app.localhost:7071") == "app.localhost")
        #expect(FrontRouter.stripPort("[::1]:80") == "::1")
    }

    /// Names and values with nothing to decode skip Foundation; the others decode as before, and
    /// what does not decode is kept as it came.
    @Test func queryParsingOfHostileInput() {
        func pairs(_ query: String) -> [String] { FrontRouter.parseQuery(query).map { "\($0.0)=\($0.1)" } }
        #expect(pairs("n=1") == ["n=1"])
        #expect(pairs("%zz=%&bad=%E2%82&ok=%E2%82%AC") == ["%zz=%", "bad=%E2%82", "ok=\u{20AC}"])
        #expect(pairs("+=+&%2B=%2b") == [" = ", "+=+"])
        #expect(pairs("&&=&a==b") == ["=", "a==b"])
        #expect(pairs("caf\u{E9}=\u{1F600}") == ["caf\u{E9}=\u{1F600}"])
        let long = String(repeating: "x", count: 100_000)
        #expect(pairs("k=\(long)&k2=\(long)%41") == ["k=\(long)", "k2=\(long)A"])
        // Empty and delimiter-only queries, repeated keys in a long query, `&` before a combining mark.
        #expect(FrontRouter.parseQuery("").isEmpty)
        #expect(pairs("&").isEmpty)
        #expect(pairs("&&=") == ["="])
        #expect(pairs("=") == ["="])
        #expect(pairs("a&") == ["a="])
        #expect(pairs("%") == ["%="])
        #expect(pairs("a=%G1&b=%") == ["a=%G1", "b=%"])
        let many = (0..<9_000).map { "k=\($0 % 10)" }.joined(separator: "&")  // about 36 kB
        #expect(pairs(many).count == 9_000)
        #expect(pairs(many).last == "k=9")
        #expect(pairs("a=1&\u{301}b=2") == ["a=1", "\u{301}b=2"])
        let huge = "q=" + String(repeating: "%41", count: 30_000)  // 90 kB
        #expect(pairs(huge) == ["q=" + String(repeating: "A", count: 30_000)])
        #expect(FrontRouter.stripPort("app.localhost") == "app.localhost")
        #expect(FrontRouter.stripPort("app.localhost:") == "app.localhost")
        #expect(FrontRouter.stripPort("") == "")
        #expect(FrontRouter.stripPort("\u{E9}t\u{E9}:80") == "\u{E9}t\u{E9}")
    }

    /// The URL a function sees is scheme, host and the target as it came, query included.
    @Test func requestURLKeepsTheTargetAsItCame() {
        #expect(FrontRouter.url(scheme: "http", host: "a.localhost:7071", target: "/api/x?n=1&m=%20") == "http://a.localhost:7071/api/x?n=1&m=%20")
        #expect(FrontRouter.url(scheme: "https", host: "", target: "/") == "https:///")
        #expect(FrontRouter.url(scheme: "http", host: "h", target: "/p?") == "http://h/p?")
    }

    @Test func dateHeaderIsIMFFixdate() {
        #expect(HTTPDateHeader.format(784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDateHeader.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDateHeader.now.hasSuffix(" GMT"))
    }

    @Test func isoTimestampsMatchFoundationsFormat() {
        let style = Date.ISO8601FormatStyle().year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: true).timeSeparator(.colon)
            .timeZone(separator: .colon)
        for seconds in [0, 951_782_400.5, 1_790_000_000.125, 1_790_000_059.75, 4_102_444_799] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(CustomHandlerPayload.iso(date) == date.formatted(style), "\(seconds)")
        }
    }

    @Test func fastPathLeavesUnusualRequestsToTheGeneralPath() throws {
        func head(_ method: HTTPRequest.Method = .get, _ path: String = "/api/x", _ fields: HTTPFields = [:]) -> HTTPRequest {
            HTTPRequest(method: method, scheme: nil, authority: "a", path: path, headerFields: fields)
        }
        #expect(FrontFastPath.mayServe(head(), maxBody: 10))
        #expect(FrontFastPath.mayServe(head(.post, "/api/x", [.contentLength: "10"]), maxBody: 10))
        #expect(!FrontFastPath.mayServe(head(.post, "/api/x", [.contentLength: "11"]), maxBody: 10))
        #expect(!FrontFastPath.mayServe(head(.head), maxBody: 10))
        #expect(!FrontFastPath.mayServe(head(.get, "/_hearth/health"), maxBody: 10))
        #expect(!FrontFastPath.mayServe(head(.post, "/api/x", [.expect: "100-continue"]), maxBody: 10))
        #expect(!FrontFastPath.mayServe(head(.get, "/api/x", [.connection: "close"]), maxBody: 10))
    }

    @Test func handlerArgumentsExpandEnvironmentVariables() {
        let env = ["PORT": "9000", "NAME": "x"]
        #expect(CustomHandlerEnvironment.expand("--port=%PORT%", environment: env) == "--port=9000")
        #expect(CustomHandlerEnvironment.expand("%NAME%-%MISSING%-100%", environment: env) == "x-%MISSING%-100%")
    }

    @Test func handlerEnvironmentHasTheAppsSettingsAndNothingOfHearths() {
        let env = CustomHandlerEnvironment.make(settings: ["GREETING": "hi"], port: 1234, workerID: "w1", appRoot: "/apps/x")
        #expect(env["GREETING"] == "hi")
        #expect(env["FUNCTIONS_CUSTOMHANDLER_PORT"] == "1234")
        #expect(env["FUNCTIONS_HTTPWORKER_PORT"] == "1234")
        #expect(env["FUNCTIONS_APP_ROOT_PATH"] == "/apps/x")
        #expect(env["HEARTH_MASTER_KEY"] == nil)
        #expect(
            Set(env.keys).isSubset(of: [
                "GREETING", "PATH", "LANG", "HOME", "FUNCTIONS_CUSTOMHANDLER_PORT", "FUNCTIONS_HTTPWORKER_PORT", "FUNCTIONS_CUSTOMHANDLER_WORKER_ID",
                "FUNCTIONS_HTTPWORKER_ID", "FUNCTIONS_APP_ROOT_PATH", "AzureWebJobsScriptRoot", "FUNCTIONS_WORKER_RUNTIME",
            ])
        )
    }

    @Test func executablesResolveInTheAppOrOnPath() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-exe-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("bin"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        _ = FileManager.default.createFile(atPath: root.appendingPathComponent("bin/handler").path, contents: Data("#!/bin/sh\n".utf8))
        let env = CustomHandlerEnvironment.base
        // The deployment's copy is made executable (zips from Windows lose the bit).
        let resolved = try CustomHandlerEnvironment.resolveExecutable("bin/handler", appRoot: root, environment: env)
        #expect(FileManager.default.isExecutableFile(atPath: resolved))
        #expect(try CustomHandlerEnvironment.resolveExecutable("sh", appRoot: root, environment: env).hasSuffix("/sh"))
        #expect(throws: WorkerError.self) { try CustomHandlerEnvironment.resolveExecutable("bin/missing", appRoot: root, environment: env) }
        #expect(throws: WorkerError.self) {
            try CustomHandlerEnvironment.resolveExecutable("no-such-command-hearth", appRoot: root, environment: env)
        }
    }
}
