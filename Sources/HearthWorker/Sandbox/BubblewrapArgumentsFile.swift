#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// bwrap's options in an anonymous memory file, read by `bwrap --args FD` (the command after `--`
/// stays on the command line: bwrap takes only options from the file).
///
/// `/proc/PID/cmdline` is readable by every local user, and an app's settings (its secrets
/// among them) become `--setenv NAME VALUE` arguments; passed this way, `ps` shows only
/// `bwrap --args 5`. The file lives in memory only (`memfd_create(2)`), never on a disk, and is
/// gone when the last descriptor closes.
enum BubblewrapArgumentsFile {
    /// The descriptor bwrap is given for its arguments (after the info and block pipes).
    static let descriptor: Int32 = 5

    private typealias MemfdCreate = @convention(c) (UnsafePointer<CChar>, UInt32) -> Int32
    /// glibc's `memfd_create` (2.27+), a GNU function the Glibc module does not export: looked up once by name.
    private static let memfdCreate: MemfdCreate? = dlsym(nil, "memfd_create").map { unsafeBitCast($0, to: MemfdCreate.self) }

    /// A memory file holding `arguments` NUL-separated, positioned at its start. The caller closes it.
    static func make(_ arguments: [String]) throws(WorkerError) -> Int32 {
        var bytes: [UInt8] = []
        for argument in arguments {
            bytes += argument.utf8
            bytes.append(0)
        }
        return try memoryFile(bytes, purpose: "the sandbox's arguments")
    }

    /// A close-on-exec memory file holding `bytes`, positioned at its start. The caller closes it.
    static func memoryFile(_ bytes: [UInt8], purpose: String) throws(WorkerError) -> Int32 {
        guard let memfdCreate = Self.memfdCreate else {
            throw WorkerError(.launchFailed, "this C library lacks memfd_create; Hearth needs glibc 2.27 or newer")
        }
        let fd = memfdCreate("hearth-bwrap-args", 1)  // MFD_CLOEXEC
        guard fd >= 0 else {
            throw WorkerError(.launchFailed, "cannot create a memory file for \(purpose): \(String(cString: strerror(errno)))")
        }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                let error = errno
                close(fd)
                throw WorkerError(.launchFailed, "cannot write \(purpose): \(String(cString: strerror(error)))")
            }
            written += count
        }
        guard lseek(fd, 0, SEEK_SET) == 0 else {
            let error = errno
            close(fd)
            throw WorkerError(.launchFailed, "cannot rewind \(purpose): \(String(cString: strerror(error)))")
        }
        return fd
    }
}
