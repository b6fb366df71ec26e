import Foundation
import Testing

/// The end-to-end helper itself: a server that never says it listens fails the test at start, with
/// its output, instead of surfacing later as "connection refused".
@Suite struct HearthServerStartTests {
    /// A stand-in for `hearth serve`: a shell script printing an admin token, then doing `rest`.
    static func fakeServer(_ rest: String) throws -> URL {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-fake-\(UUID().uuidString).sh")
        let text = "#!/bin/sh\necho 'Admin token (shown once, store it now): hth_fakeServerToken'\n\(rest)\n"
        try text.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return script
    }

    @Test func aServerThatNeverSaysItListensFailsTheStartWithItsOutput() async throws {
        let script = try Self.fakeServer("echo 'still opening the store'\nexec sleep 600")
        defer { try? FileManager.default.removeItem(at: script) }
        do {
            // Long enough for a shell script to print its two lines on a loaded machine.
            let server = try await HearthServer(startLimit: .seconds(5), binary: script)
            server.stop()
            Issue.record("the helper accepted a server that never listened")
        } catch let failure as TestFailure {
            #expect(failure.description.contains("did not report \"Function host listening\""), "\(failure)")
            #expect(failure.description.contains("still opening the store"), "\(failure)")
        }
    }

    @Test func aServerThatExitsAtStartIsLeftToTheCallerWithItsLog() async throws {
        let script = try Self.fakeServer("echo 'refused: newer schema'\nexit 1")
        defer { try? FileManager.default.removeItem(at: script) }
        let server = try await HearthServer(binary: script)
        defer { server.stop() }
        #expect(try await server.eventually { server.log.contains("refused: newer schema") }, "\(server.log)")
        #expect(server.token == "hth_fakeServerToken")
    }
}
