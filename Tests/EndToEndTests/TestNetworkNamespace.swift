import Foundation
import HearthTestSupport

/// A network namespace of the test's own with a veth pair to the host (10.231.N.1 on the host,
/// 10.231.N.2 inside) and a TCP listener inside that answers every connection with one line: a
/// stand-in for a host on the network that apps may call out to. Needs root and `ip` (iproute2).
final class TestNetworkNamespace: Sendable {
    let name: String
    let address: String
    let port = 18_080
    private let listener: Process

    static var available: Bool {
        getuid() == 0 && ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private let hostLink: String

    /// A namespace on a free /30 (a few tries: a name or address an interrupted run left behind is skipped).
    static func make() throws -> TestNetworkNamespace {
        var lastError: (any Error)?
        for _ in 0..<3 {
            do { return try TestNetworkNamespace(n: Int.random(in: 1...250)) } catch { lastError = error }
        }
        throw lastError!
    }

    private init(n: Int) throws {
        name = "hearth-test-\(n)-\(getpid() % 10_000)"
        address = "10.231.\(n).2"
        let host = "veth-h\(n)-\(getpid() % 1000)"
        let inside = "veth-n\(n)-\(getpid() % 1000)"
        hostLink = host
        // Whatever an interrupted earlier run left under these names goes first.
        try? Self.ip(["link", "del", host])
        try? Self.ip(["netns", "del", name])
        listener = Process()
        do {
            try setUp(n: n, host: host, inside: inside)
        } catch {
            remove()
            throw error
        }
    }

    private func setUp(n: Int, host: String, inside: String) throws {
        for command in [
            ["netns", "add", name],
            ["link", "add", host, "type", "veth", "peer", "name", inside],
            ["link", "set", inside, "netns", name],
            ["addr", "add", "10.231.\(n).1/30", "dev", host],
            ["link", "set", host, "up"],
            ["netns", "exec", name, "ip", "addr", "add", "\(address)/30", "dev", inside],
            ["netns", "exec", name, "ip", "link", "set", inside, "up"],
            ["netns", "exec", name, "ip", "link", "set", "lo", "up"],
        ] {
            try Self.ip(command)
        }
        listener.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        listener.arguments = [
            "ip", "netns", "exec", name, "python3", "-c",
            """
            import socket
            s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("0.0.0.0", \(port))); s.listen(16)
            while True:
                c, _ = s.accept(); c.sendall(b"hello from the test network\\n"); c.close()
            """,
        ]
        // Not the test's output: a listener left behind would hold it open.
        listener.standardOutput = FileHandle.nullDevice
        listener.standardError = FileHandle.nullDevice
        try listener.run()
        Thread.sleep(forTimeInterval: 0.5)
    }

    /// Whether the host routes `address` through this namespace's veth and its listener answers
    /// there. Checked before any probe: without that route a connection would leave the machine
    /// through the default gateway, which a test must never do.
    /// Waits up to 10 s (the listener is a Python process: slow to start on a busy machine).
    func isReachable() -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if answersThroughVeth() { return true }
            Thread.sleep(forTimeInterval: 0.2)
        }
        return false
    }

    private func answersThroughVeth() -> Bool {
        guard let route = try? ProgramRun.run(Self.env, ["ip", "-o", "route", "get", address]),
            route.status == 0, route.output.contains("dev \(hostLink) ")
        else { return false }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_port = in_port_t(UInt16(port).bigEndian)
        target.sin_addr.s_addr = inet_addr(address)
        let connected = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Foundation.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 64)
        let count = read(fd, &buffer, buffer.count)
        return count > 0 && String(decoding: buffer[0..<count], as: UTF8.self).hasPrefix("hello from the test network")
    }

    /// Ends every process in the namespace (`ip netns exec` may leave its command running), then the namespace.
    func remove() {
        if listener.isRunning { listener.terminate() }
        if let pids = try? ProgramRun.run(Self.env, ["ip", "netns", "pids", name]), pids.status == 0 {
            for pid in pids.output.split(whereSeparator: \.isWhitespace).compactMap({ Int32($0) }) { kill(pid, SIGKILL) }
        }
        try? Self.ip(["netns", "del", name])
        try? Self.ip(["link", "del", hostLink])
    }

    private static let env = URL(fileURLWithPath: "/usr/bin/env")

    private static func ip(_ arguments: [String]) throws {
        let run = try ProgramRun.run(env, ["ip"] + arguments)
        guard run.status == 0 else { throw TestFailure("ip \(arguments.joined(separator: " ")) failed: \(run.output)") }
    }
}
