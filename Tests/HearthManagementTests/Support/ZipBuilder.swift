import Foundation
import ZIPFoundation

/// Builds zip packages in memory for tests.
enum ZipBuilder {
    /// A zip holding `files` (path → contents), entries in path order.
    static func zip(_ files: [String: String]) throws -> Data {
        try zip(files.mapValues { Data($0.utf8) })
    }

    static func zip(_ files: [String: Data]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, data) in files.sorted(by: { $0.key < $1.key }) {
            try archive.addEntry(
                with: path,
                type: .file,
                uncompressedSize: Int64(data.count),
                compressionMethod: .deflate,
                provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
            )
        }
        return archive.data!
    }
}
