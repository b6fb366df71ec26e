import Foundation
import HearthSystem
import Testing

/// The one line splitter: bytes as they arrive from a pipe, lines out.
@Suite struct LineSplitterTests {
    @Test func linesEndAtNewlinesAcrossChunksAndLoseTheirCarriageReturn() {
        let splitter = LineSplitter()
        #expect(splitter.feed(Data("one\ntw".utf8)) == ["one"])
        #expect(splitter.feed(Data("o\r\n\nthr".utf8)) == ["two", ""])
        #expect(splitter.feed(Data("ee".utf8)) == [])
        #expect(splitter.finish() == "three")
        #expect(splitter.finish() == nil)
    }

    @Test func aCharacterSplitBetweenChunksDecodesWhole() {
        let splitter = LineSplitter()
        let bytes = Array("grüße\n".utf8)
        #expect(splitter.feed(Data(bytes[..<3])) == [])
        #expect(splitter.feed(Data(bytes[3...])) == ["grüße"])
    }

    @Test func aLineWithoutNewlineIsHandedOutOnceItPasses64KiB() {
        let splitter = LineSplitter()
        let chunk = Data(repeating: UInt8(ascii: "x"), count: 40 * 1024)
        #expect(splitter.feed(chunk).isEmpty)
        let lines = splitter.feed(chunk)
        #expect(lines.count == 1)
        #expect(lines.first?.count == 80 * 1024)
        #expect(splitter.finish() == nil)
    }
}
