import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads the read end of a child's output pipe to its end, a line at a time, on a queue of its own.
///
/// Not `FileHandle.readabilityHandler`: on Linux its `availableData` can read the last bytes and
/// the end of the stream in one call, and the handler is then never called again, so the end goes
/// unseen. Here the descriptor is non-blocking and each event reads until the pipe is empty
/// (`EAGAIN`) or has ended (`read` returns 0).
final class PipeReader: @unchecked Sendable {
    // @unchecked: its state is never mutated, and the source's `cancel()` may be
    // called from any thread (https://developer.apple.com/documentation/dispatch/dispatchsourceprotocol/cancel()).
    private let source: any DispatchSourceRead
    /// Open as long as this object lives (a `FileHandle` closes its descriptor when released).
    private let handle: FileHandle

    /// Starts reading.
    /// - Parameters:
    ///   - handle: The read end; it is closed when this object goes.
    ///   - line: Each line, in order.
    ///   - ended: Called once, after the last line.
    init(_ handle: FileHandle, label: String, line: @escaping @Sendable (String) -> Void, ended: @escaping @Sendable () -> Void) {
        let fd = handle.fileDescriptor
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: DispatchQueue(label: label))
        let splitter = LineSplitter()
        source.setEventHandler {
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = read(fd, &buffer, buffer.count)
                if count > 0 {
                    for text in splitter.feed(Data(buffer[..<count])) { line(text) }
                    continue
                }
                if count < 0 && errno == EINTR { continue }
                if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
                // The end of the stream (or a read error, which ends it too).
                if let rest = splitter.finish() { line(rest) }
                source.cancel()
                return
            }
        }
        source.setCancelHandler { ended() }
        source.resume()
        self.source = source
        self.handle = handle
    }

    deinit { source.cancel() }
}
