import HearthCore
import Testing

/// ``ByteWord``'s tests say exactly what a look at each byte says: for every byte value at every
/// place of a word, among neighbours that match and neighbours that do not, and for random words.
@Suite struct ByteWordTests {
    static let limits: [UInt8] = [0x01, 0x20, 0x21, 0x7F, 0x80]
    static let targets: [UInt8] = [0x00, 0x09, 0x22, 0x5C, 0x7F, 0x80, 0xFF]

    static func word(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBufferPointer { ByteWord.load($0.baseAddress!) }
    }

    /// The tests of `bytes` that disagree with a byte-by-byte look, described.
    static func disagreements(_ bytes: [UInt8]) -> [String] {
        let word = word(bytes)
        var found: [String] = []
        for limit in limits where ByteWord.hasByte(word, below: limit) != bytes.contains(where: { $0 < limit }) {
            found.append("\(bytes) below \(limit)")
        }
        for target in targets where ByteWord.hasByte(word, equalTo: target) != bytes.contains(target) {
            found.append("\(bytes) equal to \(target)")
        }
        return found
    }

    @Test func loadsTheFirstByteLowest() {
        #expect(Self.word([1, 2, 3, 4, 5, 6, 7, 8]) == 0x0807_0605_0403_0201)
        let unaligned: [UInt8] = [9, 1, 2, 3, 4, 5, 6, 7, 8]
        #expect(unaligned.withUnsafeBufferPointer { ByteWord.load($0.baseAddress! + 1) } == 0x0807_0605_0403_0201)
    }

    @Test func everyByteAtEveryPlace() {
        var found: [String] = []
        for fill: UInt8 in [0x00, 0x01, 0x1F, 0x20, 0x22, 0x61, 0x7F, 0x80, 0xFF] {
            for byte in UInt8.min...UInt8.max {
                for place in 0..<8 {
                    var bytes = [UInt8](repeating: fill, count: 8)
                    bytes[place] = byte
                    found += Self.disagreements(bytes)
                    // A second byte after it, matching or not, must not hide or fake the first.
                    for other: UInt8 in [0x00, 0x1F, 0x7F, 0xFF] where place < 7 {
                        bytes[7] = other
                        found += Self.disagreements(bytes)
                    }
                }
            }
        }
        #expect(found.isEmpty, "\(found.prefix(10))")
    }

    @Test func randomWords() {
        var generator = SystemRandomNumberGenerator()
        var found: [String] = []
        for _ in 0..<20_000 {
            let bytes = (0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) }
            found += Self.disagreements(bytes)
        }
        #expect(found.isEmpty, "\(found.prefix(10))")
    }
}
