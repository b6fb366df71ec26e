public import Foundation
import ZIPFoundation

extension PackageArchive {
    /// A checked package: its file paths (relative, `/`-separated) and their contents on demand.
    /// Every entry was inflated once by ``PackageArchive/inspect(_:limits:)`` and holds exactly the
    /// bytes it declares, so a read can never grow past an entry's declared size.
    public final class Listing {
        public let files: [String]
        let archive: Archive
        let entries: [String: Entry]
        let limits: Limits

        init(files: [String], archive: Archive, entries: [String: Entry], limits: Limits) {
            self.files = files
            self.archive = archive
            self.entries = entries
            self.limits = limits
        }

        /// The unpacked size of one file (checked against the bytes it really inflates to).
        public func size(of path: String) -> Int64? {
            entries[path].map { Int64(clamping: $0.uncompressedSize) }
        }

        /// The first `maxBytes` bytes of one file: memory stays bounded by `maxBytes` whatever the
        /// entry holds. Pass one byte more than a limit to learn that a file is over it.
        public func read(_ path: String, upTo maxBytes: Int) throws(PackageArchiveError) -> Data {
            guard let entry = entries[path] else {
                throw PackageArchiveError(.unreadable, "the package has no file '\(path)'", entry: path)
            }
            var data = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: true) { chunk in
                    data.append(chunk.prefix(maxBytes - data.count))
                    if data.count >= maxBytes { throw EnoughRead() }
                }
            } catch is EnoughRead {
                return data
            } catch {
                throw PackageArchiveError(.unreadable, "'\(path)' in the package cannot be read (\(error)); rebuild the zip", entry: path)
            }
            return data
        }

        /// All bytes of one file.
        public func read(_ path: String) throws(PackageArchiveError) -> Data {
            try read(path, upTo: Int(clamping: size(of: path) ?? 0))
        }
    }

    /// Stops inflating once a bounded read has what it asked for.
    private struct EnoughRead: Error {}
}
