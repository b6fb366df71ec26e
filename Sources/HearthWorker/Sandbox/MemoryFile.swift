#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// An anonymous file in memory (`memfd_create(2)`), never on a disk, and the one owner of its
/// descriptor: closed by ``close()`` or, at the latest, when the object goes.
///
/// The descriptor is close-on-exec, so it reaches a child only when passed explicitly
/// (``SpawnedProcess/spawn(executable:arguments:environment:workingDirectory:passing:interpretExit:output:)``).
final class MemoryFile {
    /// The open descriptor; `-1` after ``close()``.
    private(set) var descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    private typealias MemfdCreate = @convention(c) (UnsafePointer<CChar>, UInt32) -> Int32
    /// glibc's `memfd_create` (2.27+), a GNU function the Glibc module does not export: looked up once by name.
    private static let memfdCreate: MemfdCreate? = dlsym(nil, "memfd_create").map { unsafeBitCast($0, to: MemfdCreate.self) }

    /// A memory file holding `bytes`, positioned at its start.
    /// - Parameter purpose: What the file holds, for errors (`"the sandbox's arguments"`).
    static func make(_ bytes: [UInt8], purpose: String) throws(WorkerError) -> MemoryFile {
        guard let memfdCreate = Self.memfdCreate else {
            throw WorkerError(.launchFailed, "this C library lacks memfd_create; Hearth needs glibc 2.27 or newer")
        }
        let fd = memfdCreate("hearth-bwrap-args", 1)  // MFD_CLOEXEC
        guard fd >= 0 else {
            throw WorkerError(.launchFailed, "cannot create a memory file for \(purpose): \(String(cString: strerror(errno)))")
        }
        // From here on the file owns the descriptor, so every failure below closes it.
        let file = MemoryFile(descriptor: fd)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                throw WorkerError(.launchFailed, "cannot write \(purpose): \(String(cString: strerror(errno)))")
            }
            written += count
        }
        guard lseek(fd, 0, SEEK_SET) == 0 else {
            throw WorkerError(.launchFailed, "cannot rewind \(purpose): \(String(cString: strerror(errno)))")
        }
        return file
    }

    /// Closes the descriptor (a second call does nothing).
    func close() {
        guard descriptor >= 0 else { return }
        #if canImport(Glibc)
        _ = Glibc.close(descriptor)
        #elseif canImport(Musl)
        _ = Musl.close(descriptor)
        #endif
        descriptor = -1
    }

    deinit { close() }
}
