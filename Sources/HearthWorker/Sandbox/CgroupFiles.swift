import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads and writes of cgroup control files. Each is one `write(2)` (the kernel applies a control
/// file write as a whole) and errors name the file and the errno.
enum CgroupFiles {
    static func write(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw WorkerError(.launchFailed, "cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        var written: Int
        repeat { written = Glibc.write(fd, bytes, bytes.count) } while written < 0 && errno == EINTR
        guard written == bytes.count else {
            throw WorkerError(.launchFailed, "cannot write '\(text)' to \(path): \(String(cString: strerror(errno)))")
        }
    }

    static func read(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The value of `key` in a flat-keyed file (`memory.events`: `oom_kill 2`), 0 when absent.
    static func counter(_ key: String, in path: String) -> Int {
        guard let text = read(path) else { return 0 }
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, parts[0] == key { return Int(parts[1]) ?? 0 }
        }
        return 0
    }

    static func makeDirectory(_ path: String) throws {
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw WorkerError(.launchFailed, "cannot create cgroup \(path): \(String(cString: strerror(errno)))")
        }
    }
}
