package import Foundation
package import HearthPackages

/// Reads the files of a stored deployment package and builds a new package with some files
/// replaced or added, for editing an app in the portal. The new package is then deployed through
/// ``DeploymentPipeline`` exactly like an upload, so it is validated the same way.
package struct PackageEditor {
    /// One file of a package as the code browser lists it.
    package struct File: Sendable, Equatable {
        package var path: String
        package var size: Int64
        /// Small enough and UTF-8 without NUL bytes, so it can be shown and edited as text.
        package var isText: Bool
    }

    /// The largest file the editor shows as text (512 KiB).
    package static let maxEditableBytes = 512 * 1024

    let listing: PackageArchive.Listing
    let package: Data
    let limits: PackageArchive.Limits

    /// Checks the package as an upload is checked.
    package init(package: Data, limits: PackageArchive.Limits) throws {
        self.listing = try PackageArchive.inspect(package, limits: limits)
        self.package = package
        self.limits = limits
    }

    /// Every file, sorted by path.
    package func files() throws -> [File] {
        try listing.files.sorted().map { path in
            let isText = try text(path) != nil
            return File(path: path, size: listing.size(of: path) ?? 0, isText: isText)
        }
    }

    /// Whether the package has a file at `path`.
    package func contains(_ path: String) -> Bool {
        listing.files.contains(path)
    }

    /// A file's text, or `nil` when it is missing, larger than ``maxEditableBytes`` or not text.
    package func text(_ path: String) throws -> String? {
        guard let size = listing.size(of: path), size <= Self.maxEditableBytes else { return nil }
        let data = try listing.read(path, upTo: Self.maxEditableBytes + 1)
        guard !data.contains(0), let text = String(data: data, encoding: .utf8) else { return nil }
        return text
    }

    /// A file's bytes (for comparing two packages).
    package func data(_ path: String) throws -> Data? {
        guard listing.files.contains(path) else { return nil }
        return try listing.read(path)
    }

    /// A new zip holding this package's files with `replacements` written over (or added to) them.
    /// Executable bits of the files kept are preserved.
    package func replacing(_ replacements: [String: Data]) throws -> Data {
        try rewriting(replacements, deleting: [])
    }

    /// A new zip holding this package's files with `replacements` written over (or added to) them
    /// and the files at `deletions` left out. Executable bits of the files kept are preserved.
    package func rewriting(_ replacements: [String: Data], deleting deletions: [String]) throws -> Data {
        for path in Array(replacements.keys) + deletions {
            guard Self.isSafePath(path) else {
                throw ManagementError(
                    .badRequest,
                    "'\(path)' is not a file path inside the app; use a relative path such as Hello/function.json"
                )
            }
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-edit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try PackageArchive.extract(package, to: folder, limits: limits)
        for (path, content) in replacements {
            let target = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try content.write(to: target)
        }
        for path in deletions { try? FileManager.default.removeItem(at: folder.appendingPathComponent(path)) }
        return try PackageArchive.zipFolder(folder)
    }

    /// The paths whose contents differ between two packages (added, removed or changed), sorted.
    package func differences(from other: PackageEditor) throws -> [String] {
        let paths = Set(listing.files).union(other.listing.files)
        return try paths.filter { try data($0) != other.data($0) }.sorted()
    }

    /// A relative path of ordinary components (no `..`, `.`, empty or absolute parts).
    package static func isSafePath(_ path: String) -> Bool {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.hasPrefix("/"), !components.isEmpty, components.count <= 32 else { return false }
        return components.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." && !$0.contains("\\") && !$0.contains("\0") }
    }
}
