import Foundation
import HearthSystem
import Testing

/// The machine's name is the kernel's, read without resolving it.
@Suite struct MachineNameTests {
    @Test func isWhatUnameReportsAsTheNodeName() throws {
        var system = utsname()
        #expect(uname(&system) == 0)
        let nodeName = withUnsafeBytes(of: &system.nodename) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        #expect(!nodeName.isEmpty)
        #expect(MachineName.current == nodeName)
    }

    @Test func isWhatTheHostnameFileOfTheKernelSays() throws {
        // Linux exposes the same name in /proc; a second witness besides uname(2).
        let path = "/proc/sys/kernel/hostname"
        guard FileManager.default.fileExists(atPath: path) else { return }
        let name = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(MachineName.current == name)
    }
}
