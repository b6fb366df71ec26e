import Foundation
import HearthCore
import HearthTestSupport
import Testing

/// `TriggerDefinition` and `Deployment.Status` will grow: a client outside Hearth's package must
/// handle unknown cases, so a new case does not break its build. Checked by type-checking a client
/// file against the HearthCore module `swift build` produced (skipped when either is missing).
@Suite struct ExtensibleEnumTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The folder holding HearthCore.swiftmodule from the debug build.
    static let modules: URL? = ["debug", "x86_64-unknown-linux-gnu/debug", "aarch64-unknown-linux-gnu/debug", "arm64-apple-macosx/debug"]
        .map { packageRoot.appendingPathComponent(".build/\($0)/Modules") }
        .first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("HearthCore.swiftmodule").path) }

    static let swiftc: URL? = (["/opt/swift/usr/bin"] + (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init))
        .map { URL(fileURLWithPath: $0).appendingPathComponent("swiftc") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    /// Type-checks `source` as a Swift 6 client module outside Hearth's package.
    func typecheck(_ source: String) throws -> (status: Int32, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-client-\(UUID().uuidString).swift")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(source.utf8).write(to: file)
        return try ProgramRun.run(try #require(Self.swiftc), ["-swift-version", "6", "-typecheck", "-I", try #require(Self.modules).path, file.path])
    }

    @Test(.enabled(if: modules != nil && swiftc != nil, "needs swiftc and a debug build of HearthCore"))
    func clientsMustHandleUnknownCases() throws {
        let exhaustive = """
            import HearthCore
            func name(_ t: TriggerDefinition) -> String {
                switch t { case .http: "http"; case .timer: "timer"; case .queue: "queue" }
            }
            func name(_ s: Deployment.Status) -> String {
                switch s { case .pending: "p"; case .validating: "v"; case .failed: "f"; case .succeeded: "s" }
            }
            """
        let refused = try typecheck(exhaustive)
        #expect(refused.status != 0)
        #expect(refused.output.contains("'TriggerDefinition' may have additional unknown values"), "\(refused.output)")
        #expect(refused.output.contains("'Deployment.Status' may have additional unknown values"), "\(refused.output)")

        let withDefault = exhaustive.replacingOccurrences(of: #""queue" }"#, with: #""queue"; @unknown default: "?" }"#)
            .replacingOccurrences(of: #""s" }"#, with: #""s"; @unknown default: "?" }"#)
        let accepted = try typecheck(withDefault)
        #expect(accepted.status == 0, "\(accepted.output)")
    }

    @Test func statusRawValuesAreUnchanged() throws {
        let statuses: [Deployment.Status] = [.pending, .validating, .failed, .succeeded]
        #expect(statuses.map(\.rawValue) == ["pending", "validating", "failed", "succeeded"])
        let decoded = try JSONDecoder().decode([Deployment.Status].self, from: Data(#"["succeeded","failed"]"#.utf8))
        #expect(decoded == [.succeeded, .failed])
    }
}
