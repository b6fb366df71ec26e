import Foundation
import NIOCore

/// A package sent in 256 KiB pieces, reporting how many bytes the HTTP client has taken so far
/// (AsyncHTTPClient pulls the next piece once the previous one is written).
struct ChunkedUpload: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let data: Data
    let chunkSize = 256 << 10
    let progress: @Sendable (Int) -> Void

    struct AsyncIterator: AsyncIteratorProtocol {
        let upload: ChunkedUpload
        var offset = 0

        mutating func next() async -> ByteBuffer? {
            guard offset < upload.data.count else { return nil }
            let end = Swift.min(offset + upload.chunkSize, upload.data.count)
            let buffer = ByteBuffer(bytes: upload.data[upload.data.startIndex + offset..<upload.data.startIndex + end])
            offset = end
            upload.progress(end)
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(upload: self) }
}
