public import Foundation
import ZIPFoundation

/// The lying zip of a zip bomb: one deflated entry whose declared sizes (local header and central
/// directory) are patched small while it really inflates to `head` followed by `padding` spaces.
/// The spaces are produced while compressing, so building even a huge one takes no memory.
public enum LyingZip {
    /// - Parameters:
    ///   - files: The other entries (path → text), stored honestly.
    ///   - entry: The lying entry's path.
    ///   - head: Its first bytes (valid JSON, so that only the sizes give it away).
    ///   - padding: How many spaces follow `head`.
    ///   - declared: The size its headers claim.
    public static func make(files: [String: String], entry: String, head: String, padding: Int, declared: UInt32) throws -> Data {
        let archive = try Archive(accessMode: .create)
        let start = Data(head.utf8)
        try archive.addEntry(
            with: entry,
            type: .file,
            uncompressedSize: Int64(start.count + padding),
            compressionMethod: .deflate,
            provider: { position, size in
                let position = Int(position)
                guard position < start.count else { return Data(repeating: 0x20, count: size) }
                return start.subdata(in: position..<min(start.count, position + size))
                    + Data(repeating: 0x20, count: max(0, position + size - start.count))
            }
        )
        for (path, text) in files.sorted(by: { $0.key < $1.key }) where path != entry {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path,
                type: .file,
                uncompressedSize: Int64(data.count),
                compressionMethod: .deflate,
                provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
            )
        }
        return patch(archive.data!, entry: entry, declared: declared)
    }

    /// Central directory record (`PK\1\2`): uncompressed size at +24, name length at +28, local
    /// header offset at +42, name at +46. Local header: uncompressed size at +22.
    static func patch(_ zip: Data, entry: String, declared: UInt32) -> Data {
        var zip = zip
        var index = zip.startIndex
        while let range = zip.range(of: Data([0x50, 0x4B, 0x01, 0x02]), in: index..<zip.endIndex) {
            let at = range.lowerBound
            let nameLength = Int(zip[at + 28]) | Int(zip[at + 29]) << 8
            if String(decoding: zip[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self) == entry {
                let local = Int(zip[at + 42]) | Int(zip[at + 43]) << 8 | Int(zip[at + 44]) << 16 | Int(zip[at + 45]) << 24
                for offset in [at + 24, zip.startIndex + local + 22] {
                    zip.replaceSubrange(offset..<(offset + 4), with: withUnsafeBytes(of: declared.littleEndian) { Data($0) })
                }
            }
            index = range.upperBound
        }
        return zip
    }
}
