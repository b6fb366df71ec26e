import Foundation
import HTTPTypes
import HearthStore
import Logging
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing

@testable import HearthWorker

/// ``FrontFastPath`` in a channel of its own (`EmbeddedChannel`), with no app loaded: requests the
/// router refuses (two `Host` headers: 400) are answered by the fast path itself, everything else
/// goes on to "Hummingbird" — a recorder behind it, whose answers the test writes.
@Suite struct FrontFastPathHandlerTests {
    /// Stands in for Hummingbird's handler: writes down what reaches it.
    final class Recorder: ChannelInboundHandler {
        typealias InboundIn = HTTPRequestPart
        var log: [String] = []

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head): log.append("head \(head.path ?? "")")
            case .body(let body): log.append("body \(String(buffer: body))")
            case .end: log.append("end")
            }
        }

        func channelReadComplete(context: ChannelHandlerContext) {
            log.append("readComplete")
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            log.append("event \(event)")
        }

        /// Takes what was written down so far.
        func take() -> [String] {
            defer { log = [] }
            return log
        }
    }

    /// Counts the reads that reach the socket (sits between the socket and the fast path).
    final class ReadCounter: ChannelOutboundHandler {
        typealias OutboundIn = Any
        var reads = 0

        func read(context: ChannelHandlerContext) {
            reads += 1
            context.read()
        }
    }

    struct Connection {
        let channel: EmbeddedChannel
        let recorder = Recorder()
        let reads = ReadCounter()
        let root: URL
        let store: SQLiteStore

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-fastpath-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            let cipher = try SecretCipher(keyBytes: Data(repeating: 1, count: 32))
            store = try SQLiteStore(path: root.appendingPathComponent("hearth.sqlite").path, cipher: cipher)
            let configuration = WorkerConfiguration(dataDirectory: root.appendingPathComponent("worker"))
            let logger = Logger(label: "test")
            let catalog = AppCatalog(
                store: store,
                configuration: configuration,
                launcher: DirectProcessLauncher(),
                rpcServer: FunctionRpcServer(maxMessageBytes: 1 << 20, logger: logger),
                pythonPool: nil,
                logger: logger
            )
            let router = FrontRouter(catalog: catalog, configuration: configuration, proxies: try TrustedProxies([]))
            let logWriter = InvocationLogWriter(store: store, logger: logger)
            let invoker = Invoker(logWriter: logWriter, workerID: "w", workerInstance: "i", logger: logger)
            channel = EmbeddedChannel()
            let fastPath = FrontFastPath(router: router, invoker: invoker, serverName: "Hearth")
            try channel.pipeline.syncOperations.addHandlers([reads, fastPath, recorder])
        }

        func close() {
            _ = try? channel.finish(acceptAlreadyClosed: true)
            try? FileManager.default.removeItem(at: root)
        }

        /// Writes a request into the connection, one read per part.
        func send(_ path: String, _ fields: HTTPFields = [:]) throws {
            let head = HTTPRequest(method: .get, scheme: nil, authority: "t", path: path, headerFields: fields)
            try channel.writeInbound(HTTPRequestPart.head(head))
            try channel.writeInbound(HTTPRequestPart.end(nil))
        }

        /// Hummingbird answers the request it has.
        func hummingbirdAnswers(_ status: HTTPResponse.Status) throws {
            try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: status)))
            try channel.writeOutbound(HTTPResponsePart.end(nil))
        }

        /// The statuses of the answers written to the caller since the last call, and whether each
        /// asked to close the connection.
        func answers() throws -> [String] {
            var answers: [String] = []
            while let part = try channel.readOutbound(as: HTTPResponsePart.self) {
                if case .head(let head) = part {
                    answers.append("\(head.status.code)" + (head.headerFields[.connection] == "close" ? " close" : ""))
                }
            }
            return answers
        }
    }

    /// Two `Host` lines: the router answers 400 itself, so the fast path writes it.
    static let twoHosts: HTTPFields = [HTTPField.Name("Host")!: "u"]

    @Test func pipelinedRequestsAreAnsweredInOrderByBothPaths() throws {
        let connection = try Connection()
        defer { connection.close() }
        try connection.send("/one")
        try connection.send("/bad", Self.twoHosts)
        try connection.send("/three")
        // Only the first reached Hummingbird; the rest waits for its answer.
        // (Each read is followed by a read-complete, held or not.)
        #expect(connection.recorder.take() == ["head /one", "readComplete", "end"] + Array(repeating: "readComplete", count: 5))
        #expect(try connection.answers() == [])

        try connection.hummingbirdAnswers(.ok)
        #expect(try connection.answers() == ["200"])
        #expect(connection.recorder.take() == [])
        // Once that answer is flushed (after this pass over the loop): the fast path's 400, then
        // the third request goes on, followed by a read-complete (no read cycle delivers it).
        connection.channel.embeddedEventLoop.run()
        #expect(try connection.answers() == ["400"])
        #expect(connection.recorder.take() == ["head /three", "end", "readComplete"])

        try connection.hummingbirdAnswers(.accepted)
        connection.channel.embeddedEventLoop.run()
        #expect(try connection.answers() == ["202"])
        #expect(connection.recorder.take() == [])
    }

    @Test func readsAreHeldWhileRequestsWait() throws {
        let connection = try Connection()
        defer { connection.close() }
        connection.channel.read()
        #expect(connection.reads.reads == 1)
        try connection.send("/one")
        try connection.send("/two")
        // /two is held behind /one: no further read reaches the socket.
        connection.channel.read()
        #expect(connection.reads.reads == 1)
        try connection.hummingbirdAnswers(.ok)
        connection.channel.embeddedEventLoop.run()
        #expect(connection.recorder.take().contains("head /two"))
        // /two went on, nothing is held: the read asked for earlier happens now.
        #expect(connection.reads.reads == 2)
    }

    @Test func nothingAfterAConnectionCloseRequestIsServed() throws {
        let connection = try Connection()
        defer { connection.close() }
        try connection.send("/one", [.connection: "close"])
        try connection.send("/bad", Self.twoHosts)
        try connection.send("/three")
        _ = connection.recorder.take()
        try connection.hummingbirdAnswers(.ok)
        connection.channel.embeddedEventLoop.run()
        // Hummingbird closes the connection after its answer: neither the fast path's 400 nor
        // the third request is served.
        #expect(try connection.answers() == ["200"])
        #expect(connection.recorder.take() == [])
    }

    @Test func halfCloseReachesHummingbirdWithoutWaitingForItsAnswer() throws {
        let connection = try Connection()
        defer { connection.close() }
        try connection.send("/one")
        _ = connection.recorder.take()
        connection.channel.pipeline.syncOperations.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(connection.recorder.take() == ["event inputClosed"])
    }

    @Test func aShutdownWaitsForTheAnswersBeforeIt() throws {
        let connection = try Connection()
        defer { connection.close() }
        try connection.send("/one")
        try connection.send("/bad", Self.twoHosts)
        struct Shutdown {}
        connection.channel.pipeline.syncOperations.fireUserInboundEventTriggered(Shutdown())
        #expect(connection.recorder.take().filter { $0 != "readComplete" } == ["head /one", "end"])
        try connection.hummingbirdAnswers(.ok)
        connection.channel.embeddedEventLoop.run()
        // The fast path's answer to /bad, then the shutdown.
        #expect(try connection.answers() == ["200", "400"])
        #expect(connection.recorder.take() == ["event Shutdown()"])
    }
}
