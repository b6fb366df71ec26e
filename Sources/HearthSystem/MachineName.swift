import Foundation  // gethostname(2), from Glibc (Darwin on macOS)

/// This machine's name as the kernel has it (`gethostname(2)`, the same as `uname -n`), with no name
/// resolution.
///
/// Foundation's `ProcessInfo.processInfo.hostName` on Linux resolves the name through the resolver
/// (`getaddrinfo`), which can block for many seconds when DNS is unreachable: a start of `hearth serve`
/// on such a machine waited that long before listening. Hearth only needs the name itself (a reserved
/// host name, the worker's id, the SQL Server login's host), so it reads it here and nowhere else.
public enum MachineName {
    /// The kernel's host name, or `"localhost"` when it cannot be read or is empty.
    public static var current: String {
        // HOST_NAME_MAX is 64 on Linux; 256 also covers other systems' limits and the terminating NUL.
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }
}
