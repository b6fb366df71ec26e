public import Foundation
import Glibc

/// Debian's HAProxy in master-worker mode in the foreground, for the load balancer tests: started
/// with a configuration file, reloaded with SIGUSR2, stopped with SIGTERM.
public final class HAProxyProcess {
    public static let executable = URL(fileURLWithPath: "/usr/sbin/haproxy")
    public static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: executable.path) }

    public let process = Process()

    /// `haproxy -c -f file`: the exit status and what it printed.
    public static func check(_ file: URL) throws -> (status: Int32, output: String) {
        try ProgramRun.run(executable, ["-c", "-f", file.path])
    }

    /// Starts `haproxy -W -db -f file`, its output appended to `log`.
    public init(configuration file: URL, log: URL) throws {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.executableURL = Self.executable
        process.arguments = ["-W", "-db", "-f", file.path]
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    /// Asks the master to load the configuration file again (new workers take over the listeners).
    public func reload() {
        kill(process.processIdentifier, SIGUSR2)
    }

    /// Stops the master and its workers and waits for it.
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// HAProxy's runtime API over its stats socket (a Unix socket): one command per connection.
public enum HAProxyRuntimeSocket {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Sends `command` and returns the whole answer (HAProxy closes the connection after it).
    public static func send(_ command: String, to path: String) throws -> String {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw Failure(description: "socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
            buffer[bytes.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect \(path): errno \(errno)") }
        let line = Array((command + "\n").utf8)
        guard write(fd, line, line.count) == line.count else { throw Failure(description: "write: errno \(errno)") }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            answer += buffer[0..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }
}

/// A TCP port nothing listens on now (bound to port 0 and released), for HAProxy's frontend.
public func freeLocalPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else { throw HAProxyRuntimeSocket.Failure(description: "bind: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}
