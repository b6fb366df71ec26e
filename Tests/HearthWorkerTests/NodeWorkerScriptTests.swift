import Foundation
import HearthCore
import HearthTestSupport
import Testing

@testable import HearthWorker

/// The Node worker is a JavaScript file in the repository, embedded at build time: what runs is the
/// file byte for byte, and the file is valid JavaScript for the Node on this machine.
@Suite struct NodeWorkerScriptTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/HearthWorker/Node/Scripts/hearth-node-worker.js")

    /// `node` on the PATH, when installed.
    static let node: URL? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        .map { URL(fileURLWithPath: String($0)).appendingPathComponent("node") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    @Test func theEmbeddedScriptIsTheFileByteForByte() throws {
        let bytes = try Data(contentsOf: Self.file)
        #expect(Data(NodeWorkerScript.source.utf8) == bytes)
        #expect(NodeWorkerScript.source.contains("FUNCTIONS_CUSTOMHANDLER_PORT"))
    }

    @Test func theInstalledScriptIsTheFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-node-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let (handler, _) = try NodeWorkerScript.install(dataDirectory: directory, node: "/bin/true")
        let installed = try #require(handler.arguments.first)
        #expect(try Data(contentsOf: URL(fileURLWithPath: installed)) == Data(contentsOf: Self.file))
    }

    @Test(.enabled(if: node != nil, "Node.js is not installed"))
    func nodeChecksTheScript() throws {
        let node = try #require(Self.node)
        let result = try ProgramRun.run(node, ["--check", Self.file.path])
        #expect(result.status == 0, "\(result.output)")
    }

    @Test(.enabled(if: node != nil, "Node.js is not installed"))
    func nodeCheckFailsOnABrokenScript() throws {
        // The check above can fail: the same call on a script with a syntax error exits non-zero.
        let node = try #require(Self.node)
        let broken = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-broken-\(UUID().uuidString).js")
        defer { try? FileManager.default.removeItem(at: broken) }
        try Data((NodeWorkerScript.source + "\nfunction (").utf8).write(to: broken)
        #expect(try ProgramRun.run(node, ["--check", broken.path]).status != 0)
    }
}
