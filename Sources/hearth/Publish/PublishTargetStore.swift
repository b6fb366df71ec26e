import ArgumentParser
import Foundation
import HearthProfiles

/// The folder of saved publish targets (see ``PublishTarget``).
struct PublishTargetStore {
    let folder: URL

    static var standard: PublishTargetStore {
        PublishTargetStore(folder: ClientConfigFile.url.deletingLastPathComponent().appendingPathComponent("publish-targets"))
    }

    /// Target names are file names: letters, digits, `.`, `_`, `-` (``PublishTargetName``).
    static func validate(name: String) throws {
        guard PublishTargetName.isValid(name) else {
            throw ValidationError("'\(name)' cannot name a publish target; use letters, digits, '.', '_' and '-' (e.g. the app's name)")
        }
    }

    func names() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".json") && !$0.hasSuffix(".secret.json") }.map { String($0.dropLast(5)) }.sorted()
    }

    func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: file(name).path)
    }

    func save(_ target: PublishTarget, secrets: PublishTarget.Secrets) throws {
        try PublishTargetStore.validate(name: target.name)
        let fm = FileManager.default
        try fm.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.path)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        try Self.writePrivate(try encoder.encode(secrets), to: secretFile(target.name))
        try Self.writePrivate(try encoder.encode(target), to: file(target.name))
    }

    func load(_ name: String) throws -> (PublishTarget, PublishTarget.Secrets) {
        try PublishTargetStore.validate(name: name)
        guard exists(name) else {
            let known = names()
            throw ClientError(
                message:
                    "there is no publish target '\(name)'\(known.isEmpty ? "" : " (saved: \(known.joined(separator: ", ")))"); import one with 'hearth profile import FILE'"
            )
        }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let target = try decoder.decode(PublishTarget.self, from: Data(contentsOf: file(name)))
        guard let secretData = try? Data(contentsOf: secretFile(name)) else {
            throw ClientError(message: "the password of publish target '\(name)' is missing (\(secretFile(name).path)); import the profile again")
        }
        return (target, try decoder.decode(PublishTarget.Secrets.self, from: secretData))
    }

    func remove(_ name: String) throws -> Bool {
        try PublishTargetStore.validate(name: name)
        let existed = exists(name)
        try? FileManager.default.removeItem(at: file(name))
        try? FileManager.default.removeItem(at: secretFile(name))
        return existed
    }

    func file(_ name: String) -> URL { folder.appendingPathComponent("\(name).json") }
    func secretFile(_ name: String) -> URL { folder.appendingPathComponent("\(name).secret.json") }

    /// Creates the file 0600 before any byte is written, so secrets are never readable by others.
    static func writePrivate(_ data: Data, to url: URL) throws {
        let fm = FileManager.default
        if !fm.fileExists(atPath: url.path) {
            guard fm.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw ValidationError("cannot create \(url.path); check the folder's permissions")
            }
        }
        try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        try data.write(to: url)
        try fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
    }
}
