import Synchronization

/// Collects what FreeTDS's error and message handlers report for one connection.
///
/// db-lib calls the handlers on the thread that made the failing call, which is the connection's
/// own thread, so in practice there is no contention; the mutex makes that an invariant rather than
/// an assumption.
final class TDSMessageSink: Sendable {
    struct ServerMessage: Sendable {
        var number: Int
        var state: Int
        var severity: Int
        var text: String
        var procedure: String?
        var line: Int
    }

    struct LibraryError: Sendable {
        var number: Int
        var severity: Int
        var text: String
        var osText: String?
    }

    private struct State {
        var serverMessages: [ServerMessage] = []
        var libraryErrors: [LibraryError] = []
    }

    private let state = Mutex(State())

    func recordServerMessage(_ message: ServerMessage) {
        state.withLock { $0.serverMessages.append(message) }
    }

    func recordLibraryError(_ error: LibraryError) {
        state.withLock { $0.libraryErrors.append(error) }
    }

    /// Takes everything recorded since the last call.
    func drain() -> (server: [ServerMessage], library: [LibraryError]) {
        state.withLock { state in
            defer { state = State() }
            return (state.serverMessages, state.libraryErrors)
        }
    }
}
