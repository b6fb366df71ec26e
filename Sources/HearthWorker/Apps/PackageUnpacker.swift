import Crypto
import Foundation
import HearthCore
import HearthPackages
import HearthStore
import Logging
import NIOPosix

/// Unpacks deployment packages into `<data-dir>/packages/<sha256>`, once per package.
///
/// A package is unpacked into a `.staging-*` folder and renamed into place only when complete, so
/// a half-unpacked package is never served. A refused or failed unpack removes its staging folder
/// at once, and ``removeStaleStaging()`` (run at start) removes those a crash left behind: a
/// hostile package cannot fill the disk by being retried on every reload.
struct PackageUnpacker: Sendable {
    static let stagingPrefix = ".staging-"

    let packages: URL
    let logger: Logger

    init(dataDirectory: URL, logger: Logger) {
        self.packages = dataDirectory.appendingPathComponent("packages")
        self.logger = logger
    }

    /// The folder of an unpacked deployment, unpacking it first if needed.
    func unpack(_ deployment: Deployment, store: any WorkerStore) async throws -> URL {
        let target = packages.appendingPathComponent(deployment.packageSHA256)
        let fm = FileManager.default
        if fm.fileExists(atPath: target.path) { return target }
        guard let zip = try await store.package(sha256: deployment.packageSHA256) else {
            throw WorkerError(.packageMissing, "package \(deployment.packageSHA256) is not in the store")
        }
        let digest = SHA256.hash(data: zip).map { String(format: "%02x", $0) }.joined()
        guard digest == deployment.packageSHA256 else {
            throw WorkerError(.packageMissing, "package \(deployment.packageSHA256) in the store has SHA-256 \(digest); it is damaged")
        }
        try fm.createDirectory(at: packages, withIntermediateDirectories: true, attributes: [.posixPermissions: NSNumber(value: 0o700)])
        let staging = packages.appendingPathComponent(Self.stagingPrefix + UUID().uuidString)
        defer { try? fm.removeItem(at: staging) }  // gone after success (moved) and after any failure
        // Inflating takes seconds for a large package: on NIO's blocking pool, not a cooperative thread.
        try await NIOThreadPool.singleton.runIfActive { try PackageArchive.extract(zip, to: staging) }
        do {
            try fm.moveItem(at: staging, to: target)
        } catch  where fm.fileExists(atPath: target.path) {
            // another load unpacked it first
        }
        return target
    }

    /// At start: removes staging folders left by a process that stopped mid-unpack, and makes
    /// packages unpacked by older versions private (folders 0700, files 0600).
    func prepareAtStart() {
        removeStaleStaging()
        do {
            try PrivateFiles.restrictTree(packages)
        } catch {
            logger.error("cannot make unpacked packages private", metadata: ["error": "\(error)"])
        }
    }

    /// Removes staging folders left by a process that stopped mid-unpack.
    func removeStaleStaging() {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: packages.path) else { return }
        for name in names where name.hasPrefix(Self.stagingPrefix) {
            do {
                try fm.removeItem(at: packages.appendingPathComponent(name))
                logger.notice("removed an unfinished package unpack", metadata: ["folder": "\(name)"])
            } catch {
                logger.error("cannot remove an unfinished package unpack", metadata: ["folder": "\(name)", "error": "\(error)"])
            }
        }
    }

    /// The first `FunctionAppLoader.maxDescriptorBytes + 1` bytes of an unpacked host.json or
    /// function.json: enough for the loader to refuse one that is too large, never more in memory.
    static func readDescriptor(_ path: String, in root: URL) throws -> Data {
        let handle = try FileHandle(forReadingFrom: root.appendingPathComponent(path))
        defer { try? handle.close() }
        return try handle.read(upToCount: FunctionAppLoader.maxDescriptorBytes + 1) ?? Data()
    }
}
