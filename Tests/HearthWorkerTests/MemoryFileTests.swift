import Foundation
import Testing

@testable import HearthWorker

/// A memory file owns its descriptor: readable from the start, closed once.
@Suite struct MemoryFileTests {
    @Test func holdsTheBytesFromItsStartAndClosesItsDescriptorOnce() throws {
        let file = try MemoryFile.make(Array("table inet hearth {}\n".utf8), purpose: "a test")
        let fd = file.descriptor
        var bytes = [UInt8](repeating: 0, count: 64)
        let count = read(fd, &bytes, bytes.count)
        #expect(String(decoding: bytes[0..<max(0, count)], as: UTF8.self) == "table inet hearth {}\n")
        file.close()
        #expect(file.descriptor == -1)
        file.close()
    }
}
