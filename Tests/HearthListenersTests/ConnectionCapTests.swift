import HearthListeners
import Logging
import Synchronization
import Testing

@Suite struct ConnectionCapTests {
    /// Collects log lines.
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
    }

    struct Collector: LogHandler {
        let sink: Lines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) { sink.lines.withLock { $0.append("\(event.message)") } }
    }

    @Test func refusesBeyondTheLimitAndSaysSoOnce() {
        let lines = Lines()
        var cap = ConnectionCap(limit: 4, listener: "function host", logger: Logger(label: "test") { _ in Collector(sink: lines) })
        for _ in 0..<4 {
            #expect(cap.isAcceptingNewConnections())
            cap.connectionOpened()
        }
        #expect(!cap.isAcceptingNewConnections())
        // A slot frees and is taken again at once, several times: still one line.
        for _ in 0..<5 {
            cap.connectionClosed()
            #expect(cap.isAcceptingNewConnections())
            cap.connectionOpened()
        }
        #expect(lines.all.count == 1)
        #expect(lines.all.first?.contains("function host: connection limit reached (4 open)") == true)
        // Well below the limit again, then full again: a new line.
        for _ in 0..<2 { cap.connectionClosed() }
        for _ in 0..<2 { cap.connectionOpened() }
        #expect(lines.all.count == 2)
    }
}
