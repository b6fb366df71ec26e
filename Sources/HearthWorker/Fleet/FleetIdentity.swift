import Crypto
import Foundation
import HearthCore
import HearthStore

/// A worker's own fleet credential and X25519 key pair, kept in its data directory
/// (`fleet/credential`, `fleet/x25519.key`, both 0600): made when it redeems an enrolment token
/// (`--join`) and used from then on. The store has only the credential's hash and the public key.
struct FleetIdentity: Sendable {
    /// The credential (a bearer secret: never logged).
    var credential: String
    /// The private key: opens the data keys of the apps placed on this worker (``FleetWorkerKey``).
    var privateKey: Curve25519.KeyAgreement.PrivateKey

    /// The credential's hash, as the store keeps it.
    var credentialHash: String { FleetSecret.hash(credential) }
    /// The public key, as the store keeps it.
    var publicKey: Data { privateKey.publicKey.rawRepresentation }

    static func directory(_ dataDirectory: URL) -> URL { dataDirectory.appendingPathComponent("fleet") }

    /// A new credential and key pair (not yet written).
    static func generate() -> FleetIdentity {
        FleetIdentity(credential: FleetSecret.generate(prefix: FleetSecret.credentialPrefix), privateKey: .init())
    }

    /// The identity in `dataDirectory`, or `nil` when the worker has not enrolled.
    static func load(from dataDirectory: URL) throws -> FleetIdentity? {
        let folder = directory(dataDirectory)
        let credentialFile = folder.appendingPathComponent("credential")
        guard FileManager.default.fileExists(atPath: credentialFile.path) else { return nil }
        do {
            let credential = try String(contentsOf: credentialFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            let key = try Data(contentsOf: folder.appendingPathComponent("x25519.key"))
            return FleetIdentity(credential: credential, privateKey: try .init(rawRepresentation: key))
        } catch {
            throw WorkerError(.fleet, "cannot read this worker's fleet identity in \(folder.path): \(error); enrol it again with --join")
        }
    }

    /// Writes the credential and private key, each 0600, in a 0700 folder.
    func save(to dataDirectory: URL) throws {
        let folder = Self.directory(dataDirectory)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try PrivateFiles.restrict(folder)
            for (name, data) in [("x25519.key", privateKey.rawRepresentation), ("credential", Data(credential.utf8))] {
                let file = folder.appendingPathComponent(name)
                guard FileManager.default.createFile(atPath: file.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
                    throw CocoaError(.fileWriteUnknown)
                }
                try PrivateFiles.restrict(file)
            }
        } catch {
            throw WorkerError(.fleet, "cannot write this worker's fleet identity in \(folder.path): \(error)")
        }
    }
}
