import Crypto
public import Foundation
public import HearthStore

/// A joined worker's X25519 private key, `fleet/x25519.key` (0600) in the worker's data directory:
/// the key the store wraps the data keys of the apps placed on it for. A worker started without
/// the master key opens the store with it (``StoreKeySource/worker(_:)``), before it
/// enrols, so the key is made first and the enrolment registers its public key.
public enum FleetWorkerKey {
    static func file(_ workerDataDirectory: URL) -> URL {
        FleetIdentity.directory(workerDataDirectory).appendingPathComponent("x25519.key")
    }

    /// Whether the worker holds a fleet identity (it enrolled before).
    public static func isEnrolled(workerDataDirectory: URL) -> Bool {
        FileManager.default.fileExists(atPath: FleetIdentity.directory(workerDataDirectory).appendingPathComponent("credential").path)
    }

    /// The key in `workerDataDirectory`, or `nil` when there is none yet.
    static func existing(in workerDataDirectory: URL) throws -> Curve25519.KeyAgreement.PrivateKey? {
        let file = file(workerDataDirectory)
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        do {
            return try .init(rawRepresentation: try Data(contentsOf: file))
        } catch {
            throw WorkerError(
                .fleet,
                "cannot read this worker's key \(file.path): \(error); remove its 'fleet' folder and enrol it again with --join"
            )
        }
    }

    /// The key in `workerDataDirectory`, made and written (0600, in a 0700 folder) when missing.
    public static func load(workerDataDirectory: URL) throws -> WorkerKey {
        try WorkerKey(rawRepresentation: try privateKey(workerDataDirectory: workerDataDirectory).rawRepresentation)
    }

    static func privateKey(workerDataDirectory: URL) throws -> Curve25519.KeyAgreement.PrivateKey {
        if let key = try existing(in: workerDataDirectory) { return key }
        let key = Curve25519.KeyAgreement.PrivateKey()
        let folder = FleetIdentity.directory(workerDataDirectory)
        let file = file(workerDataDirectory)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try PrivateFiles.restrict(folder)
            guard FileManager.default.createFile(atPath: file.path, contents: key.rawRepresentation, attributes: [.posixPermissions: 0o600])
            else { throw CocoaError(.fileWriteUnknown) }
            try PrivateFiles.restrict(file)
        } catch {
            throw WorkerError(.fleet, "cannot write this worker's key in \(folder.path): \(error)")
        }
        return key
    }
}
