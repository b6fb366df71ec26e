import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An exclusive `flock` on `<data-dir>/worker.lock`, held for the life of a worker process: while
/// a process holds it, no other process of the same worker (same data directory) is alive. The
/// kernel drops it when the process ends, however it ends (kill -9 included).
final class WorkerProcessLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Takes the lock, or returns `nil` when another live process holds it (or it cannot be made).
    static func take(dataDirectory: URL) -> WorkerProcessLock? {
        try? FileManager.default.createDirectory(
            at: dataDirectory,
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: NSNumber(value: 0o700)]
        )
        let fd = open(dataDirectory.appendingPathComponent("worker.lock").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
        return WorkerProcessLock(descriptor: fd)
    }

    deinit {
        close(descriptor)  // releases the lock
    }
}
