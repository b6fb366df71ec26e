#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A sandbox's own network namespace, held open by Hearth, and the way Hearth reaches the app's
/// handler inside it without a user-space network stack.
///
/// App code sees only its namespace's loopback (and, when outbound traffic is allowed, a NAT to the
/// network): no other app's port, none of Hearth's, nothing on the host's loopback. Hearth makes a
/// socket *inside* the namespace (`setns(2)` on the calling thread, `socket(2)`, `setns` back; a
/// socket stays in the namespace it was made in) and connects it to the handler's port on that
/// loopback: the kernel's loopback path, as fast as before.
///
/// Entering another network namespace needs `CAP_SYS_ADMIN` in Hearth's own user namespace (root);
/// ``BubblewrapLauncher`` checks that once at start.
final class NetworkNamespace: Sendable {
    /// `/proc/PID/ns/net` of the sandbox, open for as long as this object lives.
    private let descriptor: Int32

    private typealias SetNS = @convention(c) (Int32, Int32) -> Int32
    /// glibc's `setns` (2.14+), a GNU function the Glibc module does not export: looked up once by name.
    private static let setnsFunction: SetNS? = dlsym(nil, "setns").map { unsafeBitCast($0, to: SetNS.self) }
    /// `CLONE_NEWNET` from `<sched.h>`.
    private static let cloneNewNet: Int32 = 0x4000_0000

    private static func setns(_ fd: Int32, _ type: Int32) -> Int32 {
        guard let setnsFunction else {
            errno = ENOSYS
            return -1
        }
        return setnsFunction(fd, type)
    }

    /// Hearth's own namespace, to return to after making a socket.
    private static let home: Result<Int32, WorkerError> = {
        let fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
        return fd >= 0
            ? .success(fd) : .failure(WorkerError(.launchFailed, "cannot open Hearth's network namespace: \(String(cString: strerror(errno)))"))
    }()

    /// Holds the network namespace of process `pid` (a sandbox's init).
    init(pid: Int32) throws {
        _ = try Self.home.get()
        let fd = open("/proc/\(pid)/ns/net", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw WorkerError(.launchFailed, "cannot open the sandbox's network namespace (/proc/\(pid)/ns/net): \(String(cString: strerror(errno)))")
        }
        descriptor = fd
    }

    deinit { close(descriptor) }

    /// A new socket that lives in this namespace (close-on-exec, blocking).
    func socket(domain: Int32, type: Int32 = Int32(SOCK_STREAM.rawValue)) throws -> Int32 {
        let home = try Self.home.get()
        guard Self.setns(descriptor, Self.cloneNewNet) == 0 else {
            throw WorkerError(
                .launchFailed,
                "cannot enter the sandbox's network namespace: \(String(cString: strerror(errno))); Hearth needs to run as root (CAP_SYS_ADMIN) to isolate apps' networks, or pass --shared-network"
            )
        }
        let fd = Glibc.socket(domain, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        let error = errno
        // Back home before anything else runs on this thread: failing that, every later socket of
        // this thread would be made in the app's namespace.
        precondition(Self.setns(home, Self.cloneNewNet) == 0, "cannot return to Hearth's network namespace: \(String(cString: strerror(errno)))")
        guard fd >= 0 else {
            throw WorkerError(.launchFailed, "cannot create a socket in the sandbox's network namespace: \(String(cString: strerror(error)))")
        }
        return fd
    }

    /// Whether the namespace's loopback is up with its address: a UDP socket in it can be
    /// connected to 127.0.0.1 (nothing is sent), which has no route until `lo` is up with
    /// 127.0.0.1, the last step of bwrap's loopback setup.
    func isLoopbackUp() throws -> Bool {
        let fd = try socket(domain: AF_INET, type: Int32(SOCK_DGRAM.rawValue))
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(9).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// A TCP connection to `127.0.0.1:port` inside the namespace. Loopback connects complete at
    /// once, or are refused; one still in progress (the handler's backlog is full) is waited for
    /// `timeout` at most, so no thread is held long by an app that stopped accepting.
    func connect(port: Int, timeout: Duration = .milliseconds(200)) throws -> Int32 {
        let fd = try socket(domain: AF_INET, type: Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(UInt32(0x7F00_0001).bigEndian)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var error = result == 0 ? 0 : errno
        if error == EINPROGRESS || error == EINTR {
            var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let milliseconds = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
            if poll(&poller, 1, milliseconds) == 1 {
                var length = socklen_t(MemoryLayout<Int32>.size)
                _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            } else {
                error = ETIMEDOUT
            }
        }
        guard error == 0 else {
            close(fd)
            throw WorkerError(.unavailable, "cannot connect to the handler's port \(port) in its sandbox: \(String(cString: strerror(error)))")
        }
        return fd
    }
}
