public import Foundation
import ZIPFoundation

/// Safe handling of deployment packages (zip files): inspection with limits, extraction, creation.
///
/// Every entry is checked before anything is written: no absolute paths, drive letters or `..`
/// segments (zip slip), no symlinks, no duplicate names, at most ``Limits/maxFiles`` files, at most
/// ``Limits/maxUnpackedBytes`` once unpacked, and an unpacked ÷ packed ratio below
/// ``Limits/maxCompressionRatio``. Sizes are counted as bytes are actually inflated, not taken from
/// the zip's headers, which a zip bomb can fake: ``inspect(_:limits:)`` inflates every entry once
/// (into nothing) and refuses an entry that inflates to other than it declares.
public enum PackageArchive {
    public struct Limits: Sendable {
        public var maxFiles = 20_000
        public var maxUnpackedBytes: Int64 = 1 << 30
        public var maxCompressionRatio = 200.0
        public init() {}
    }

    /// Checks a package without unpacking it to disk.
    public static func inspect(_ zip: Data, limits: Limits = Limits()) throws(PackageArchiveError) -> Listing {
        let archive: Archive
        do {
            archive = try Archive(data: zip, accessMode: .read)
        } catch {
            throw PackageArchiveError(
                .notAZip,
                "the upload is not a zip file (\(zip.count) bytes); send the app folder zipped, e.g. 'cd app && zip -r ../app.zip .'"
            )
        }
        var files: [String] = []
        var entries: [String: Entry] = [:]
        var seen: Set<String> = []
        var declared: Int64 = 0
        for entry in archive {
            let path = try safePath(entry.path)
            if entry.type == .symlink {
                throw PackageArchiveError(
                    .symlink,
                    "the package contains a symbolic link '\(entry.path)'; Hearth does not unpack links. Replace it with the file it points to.",
                    entry: entry.path
                )
            }
            let key = path.joined(separator: "/")
            guard seen.insert(key).inserted else {
                throw PackageArchiveError(
                    .duplicate,
                    "the package contains '\(key)' twice; rebuild the zip so each path appears once",
                    entry: entry.path
                )
            }
            guard entry.type == .file else { continue }
            files.append(key)
            entries[key] = entry
            guard files.count <= limits.maxFiles else {
                throw PackageArchiveError(
                    .tooManyFiles,
                    "the package has more than \(limits.maxFiles) files; leave build output and dependencies you do not need out of it (.funcignore)"
                )
            }
            declared += Int64(clamping: entry.uncompressedSize)
            try checkSize(declared, packed: zip.count, limits: limits)
        }
        try verifySizes(of: files.compactMap { entries[$0] }, in: archive, packed: zip.count, limits: limits)
        return Listing(files: files.sorted(), archive: archive, entries: entries, limits: limits)
    }

    /// Inflates every entry once, discarding the bytes, and refuses the package as soon as an
    /// entry inflates to more than it declares (its sizes are lies, as in a zip bomb), to other
    /// than it declares, or past the limits. Only these real counts are trusted: memory stays at
    /// one inflate buffer whatever the archive claims.
    static func verifySizes(of entries: [Entry], in archive: Archive, packed: Int, limits: Limits) throws(PackageArchiveError) {
        var total: Int64 = 0
        for entry in entries {
            let declared = Int64(clamping: entry.uncompressedSize)
            var inflated: Int64 = 0
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    inflated += Int64(chunk.count)
                    total += Int64(chunk.count)
                    if inflated > declared { throw falseSize(entry.path, declared: declared, inflated: "more than \(declared)") }
                    try checkSize(total, packed: packed, limits: limits)
                }
            } catch let error as PackageArchiveError {
                throw error
            } catch {
                throw PackageArchiveError(
                    .unreadable,
                    "'\(entry.path)' in the package cannot be unpacked (\(error)); rebuild the zip",
                    entry: entry.path
                )
            }
            if inflated != declared { throw falseSize(entry.path, declared: declared, inflated: "\(inflated)") }
        }
    }

    static func falseSize(_ path: String, declared: Int64, inflated: String) -> PackageArchiveError {
        PackageArchiveError(
            .falseSize,
            "'\(path)' declares \(declared) bytes but inflates to \(inflated): the zip's size fields are false, as in a zip bomb. Rebuild the zip with a standard tool (e.g. 'cd app && zip -r ../app.zip .')",
            entry: path
        )
    }

    /// Unpacks a checked package into `directory` (which must not exist yet), counting real bytes.
    /// Executable bits of files are kept; files are 0600 (0700 if executable) and folders 0700:
    /// only Hearth's user (and the sandbox, which runs as that user outside its namespace) reads them.
    /// On any failure the directory is removed again: a refused package leaves nothing on disk.
    public static func extract(_ zip: Data, to directory: URL, limits: Limits = Limits()) throws {
        let listing = try inspect(zip, limits: limits)
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: NSNumber(value: 0o700)])
        do {
            try unpack(listing, packed: zip.count, to: directory)
        } catch {
            try? fm.removeItem(at: directory)
            throw error
        }
    }

    private static func unpack(_ listing: Listing, packed: Int, to directory: URL) throws {
        let fm = FileManager.default
        let limits = listing.limits
        var total: Int64 = 0
        for path in listing.files {
            guard let entry = listing.entries[path] else { continue }
            let target = directory.appendingPathComponent(path)
            try fm.createDirectory(
                at: target.deletingLastPathComponent(),
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: NSNumber(value: 0o700)]
            )
            guard fm.createFile(atPath: target.path, contents: nil, attributes: [.posixPermissions: NSNumber(value: 0o600)]) else {
                throw PackageArchiveError(.unreadable, "cannot create \(target.path)", entry: path)
            }
            let handle = try FileHandle(forWritingTo: target)
            defer { try? handle.close() }
            do {
                _ = try listing.archive.extract(entry) { chunk in
                    total += Int64(chunk.count)
                    try checkSize(total, packed: packed, limits: limits)
                    try handle.write(contentsOf: chunk)
                }
            } catch let error as PackageArchiveError {
                throw error
            } catch {
                throw PackageArchiveError(.unreadable, "'\(path)' in the package cannot be unpacked (\(error)); rebuild the zip", entry: path)
            }
            let mode = (entry.fileAttributes[.posixPermissions] as? NSNumber)?.uint16Value ?? 0o644
            let executable = mode & 0o111 != 0
            try fm.setAttributes([.posixPermissions: NSNumber(value: executable ? 0o700 : 0o600)], ofItemAtPath: target.path)
        }
    }

    /// Zips a folder for deployment. `excluding` holds `.funcignore`-style patterns (a name or glob
    /// matched against each path component or the whole relative path; a trailing `/` means a folder).
    public static func zipFolder(_ folder: URL, excluding patterns: [String] = []) throws -> Data {
        let archive = try Archive(accessMode: .create)
        let fm = FileManager.default
        let root = folder.standardizedFileURL.resolvingSymlinksInPath()
        guard let enumerator = fm.enumerator(at: root, includingPropertiesForKeys: [.isDirectoryKey, .isSymbolicLinkKey]) else {
            throw PackageArchiveError(.unreadable, "cannot read the folder \(folder.path)")
        }
        var paths: [String] = []
        for case let url as URL in enumerator {
            let relative = String(url.standardizedFileURL.resolvingSymlinksInPath().path.dropFirst(root.path.count + 1))
            let isDirectory = (try? url.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false
            if IgnorePatterns.matches(relative, isDirectory: isDirectory, patterns: patterns) {
                if isDirectory { enumerator.skipDescendants() }
                continue
            }
            if !isDirectory { paths.append(relative) }
        }
        for path in paths.sorted() {
            try archive.addEntry(with: path, relativeTo: root, compressionMethod: .deflate)
        }
        guard let data = archive.data else { throw PackageArchiveError(.unreadable, "the zip could not be created") }
        return data
    }

    static func safePath(_ raw: String) throws(PackageArchiveError) -> [String] {
        let normalised = raw.replacingOccurrences(of: "\\", with: "/")
        if normalised.hasPrefix("/") || normalised.range(of: #"^[A-Za-z]:"#, options: .regularExpression) != nil {
            throw PackageArchiveError(
                .unsafePath,
                "the package entry '\(raw)' has an absolute path; zip the app folder's contents with relative paths",
                entry: raw
            )
        }
        let parts = normalised.split(separator: "/", omittingEmptySubsequences: true).map(String.init).filter { $0 != "." }
        if parts.contains("..") {
            throw PackageArchiveError(
                .unsafePath,
                "the package entry '\(raw)' climbs out of the app folder with '..' (zip slip); rebuild the zip from inside the app folder",
                entry: raw
            )
        }
        if parts.isEmpty || parts.contains(where: { $0.contains("\u{0}") }) {
            throw PackageArchiveError(.unsafePath, "the package has an entry with an empty or invalid name ('\(raw)'); rebuild the zip", entry: raw)
        }
        return parts
    }

    static func checkSize(_ unpacked: Int64, packed: Int, limits: Limits) throws(PackageArchiveError) {
        if unpacked > limits.maxUnpackedBytes {
            throw PackageArchiveError(
                .tooLarge,
                "the package unpacks to more than \(limits.maxUnpackedBytes) bytes; make it smaller or raise the limit"
            )
        }
        // Small packages of repetitive text compress well; judge the ratio only past 1 MiB unpacked.
        if unpacked > 1 << 20, Double(unpacked) / Double(max(packed, 1)) > limits.maxCompressionRatio {
            throw PackageArchiveError(
                .suspiciousRatio,
                "the package unpacks to more than \(Int(limits.maxCompressionRatio)) times its size (\(packed) bytes packed, \(unpacked)+ unpacked): refused as a zip bomb"
            )
        }
    }
}
