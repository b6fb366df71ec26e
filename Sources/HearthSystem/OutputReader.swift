import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Reads a child's stdout and stderr to their ends on a thread of its own, a line at a time, and
/// closes them there.
///
/// A thread with `poll(2)` rather than dispatch read sources (`FileHandle.readabilityHandler`):
/// on Linux those can miss the end of a stream whose last bytes arrived with it, and a source
/// cancelled shortly before its descriptor is closed and reused has crashed libdispatch's event
/// loop. The thread owns both descriptors, so neither is closed while it reads.
enum OutputReader {
    /// Starts reading `stdout` and `stderr` (read ends it takes over).
    /// - Parameters:
    ///   - output: Each line, in order per stream.
    ///   - ended: Called once, after the last line of both.
    static func start(
        stdout: Int32,
        stderr: Int32,
        name: String,
        output: @escaping @Sendable (ProcessOutputLine) -> Void,
        ended: @escaping @Sendable () -> Void
    ) {
        let thread = Thread {
            var streams = [
                (fd: stdout, stream: ProcessOutputLine.Stream.stdout, splitter: LineSplitter()),
                (fd: stderr, stream: ProcessOutputLine.Stream.stderr, splitter: LineSplitter()),
            ]
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while !streams.isEmpty {
                var polled = streams.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
                guard poll(&polled, nfds_t(polled.count), -1) >= 0 || errno == EINTR else { break }
                var finished: [Int] = []
                for (index, entry) in polled.enumerated() where entry.revents != 0 {
                    let (fd, stream, splitter) = streams[index]
                    let count = read(fd, &buffer, buffer.count)
                    if count > 0 {
                        for text in splitter.feed(Data(buffer[..<count])) { output(ProcessOutputLine(stream: stream, text: text)) }
                    } else if count < 0 && (errno == EINTR || errno == EAGAIN) {
                        continue
                    } else {
                        // The end of the stream (or a read error, which ends it too).
                        if let rest = splitter.finish() { output(ProcessOutputLine(stream: stream, text: rest)) }
                        finished.append(index)
                    }
                }
                for index in finished.reversed() { close(streams.remove(at: index).fd) }
            }
            for entry in streams { close(entry.fd) }
            ended()
        }
        thread.name = "hearth-output-\(name)"
        thread.start()
    }
}
