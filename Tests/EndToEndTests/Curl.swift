import Foundation
import HearthTestSupport

/// Debian's `curl`, which checks certificates as any client would: HTTPS calls against a test CA.
enum Curl {
    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") }

    struct Result {
        /// curl's exit status: 0, or 60 for a certificate it does not accept (51 in older curl for a name).
        var exit: Int32
        var status: Int
        var body: String
        var output: String
    }

    /// `curl -sS` with the CA; the status code is read from `-w`.
    static func run(_ arguments: [String], ca: String) throws -> Result {
        let marker = "\n@@status="
        let (exit, output) = try ProgramRun.run(
            URL(fileURLWithPath: "/usr/bin/curl"),
            ["-sS", "--max-time", "20", "--cacert", ca, "-w", "\(marker)%{http_code}"] + arguments
        )
        let parts = output.components(separatedBy: marker)
        let status = parts.count > 1 ? Int(parts[1].trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 : 0
        return Result(exit: exit, status: status, body: parts[0], output: output)
    }
}
