import Crypto
import Foundation
import GRDB
import HearthStore
import Testing

/// The embedded SQLite store migrates itself and refuses databases it does not understand.
@Suite struct MigrationTests {
    @Test func migrationsAreEmbeddedAndNumbered() throws {
        let migrations = try SQLiteStore.migrations()
        #expect(migrations.first?.version == 1)
        #expect(migrations.map(\.version) == Array(1...migrations.count))
        // The embedded text is exactly the file in Migrations/sqlite.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for migration in migrations {
            let file = try String(contentsOf: root.appendingPathComponent("Migrations/sqlite/\(migration.fileName)"), encoding: .utf8)
            #expect(file == migration.script)
        }
    }

    @Test func reopeningAppliesNothingTwice() async throws {
        let f = try StoreFixture()
        defer { f.remove() }
        let again = try SQLiteStore(path: f.path, cipher: SecretCipher(keyBytes: f.keyBytes))
        let status = try await again.migrationStatus()
        #expect(status.isCurrent)
        #expect(status.applied.count == (try SQLiteStore.migrations()).count)
        #expect(status.applied.allSatisfy { $0.success })
    }

    @Test func aNewerSchemaIsRefused() async throws {
        let f = try StoreFixture()
        defer { f.remove() }
        // A journal row from a newer hearth, written behind the store's back.
        let queue = try DatabaseQueue(path: f.path)
        try await queue.write { db in
            try db.execute(sql: "INSERT INTO hearth_schema_history VALUES (999, 'from the future', 'x', 'someone', 0, 0, 1)")
        }
        try queue.close()
        #expect {
            _ = try SQLiteStore(path: f.path, cipher: SecretCipher(keyBytes: f.keyBytes))
        } throws: { error in
            (error as? StoreError)?.code == .migration && "\(error)".contains("999")
        }
    }

    @Test func masterKeyFileIsCreatedPrivateAndRefusedWhenReadableByOthers() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-key-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try MasterKey.load(dataDirectory: dir, environment: [:])
        #expect(first.created)
        let file = dir.appendingPathComponent(MasterKey.fileName).path
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        let second = try MasterKey.load(dataDirectory: dir, environment: [:])
        #expect(second.created == false)
        let sealed = try first.cipher.seal("x", context: "c")
        #expect(try second.cipher.openString(sealed, context: "c") == "x")
        #expect(throws: StoreError.self) { try second.cipher.open(sealed, context: "other context") }
        try FileManager.default.setAttributes([.posixPermissions: NSNumber(value: 0o644)], ofItemAtPath: file)
        #expect(throws: StoreError.self) { try MasterKey.load(dataDirectory: dir, environment: [:]) }
        #expect(throws: StoreError.self) { try MasterKey.load(dataDirectory: dir, environment: [MasterKey.environmentVariable: "not base64!"]) }
    }
}

/// Master keys as a ring: several keys, the first seals, all open; ids name missing keys.
@Suite struct MasterKeyRingTests {
    let a = Data(repeating: 1, count: 32)
    let b = Data(repeating: 2, count: 32)

    @Test func theFirstKeySealsAndEveryKeyOpens() throws {
        let old = try SecretCipher(keyBytes: a)
        let ring = try SecretCipher(keys: [b, a])
        let underOld = try old.seal("x", context: "c")
        #expect(SecretCipher.keyID(of: underOld) == SecretCipher.id(of: a))
        #expect(try ring.openString(underOld, context: "c") == "x")
        #expect(ring.needsReseal(underOld))
        let resealed = try ring.reseal(underOld, context: "c")
        #expect(SecretCipher.keyID(of: resealed) == ring.primaryKeyID)
        #expect(!ring.needsReseal(resealed))
        #expect(throws: StoreError.self) { try old.open(resealed, context: "c") }
        do {
            _ = try old.open(resealed, context: "c")
        } catch {
            #expect("\(error)".contains("master key \(SecretCipher.id(of: b))"), "\(error)")
        }
        #expect(SecretCipher.id(of: a).description.count == 8)
    }

    @Test func versionOneCiphertextsStillOpen() throws {
        // Written by Hearth before key rings: 0x01 || nonce || ciphertext || tag, no key id.
        let key = SymmetricKeyBytes.a
        let box = try AES.GCM.seal(Data("legacy".utf8), using: SymmetricKey(data: key), authenticating: Data("ctx".utf8))
        let legacy = Data([1]) + box.combined!
        let ring = try SecretCipher(keys: [b, key])
        #expect(try ring.openString(legacy, context: "ctx") == "legacy")
        #expect(SecretCipher.keyID(of: legacy) == nil && ring.needsReseal(legacy))
        #expect(throws: StoreError.self) { try SecretCipher(keys: [b]).open(legacy, context: "ctx") }
    }

    @Test func keyFilesAndTheEnvironmentHoldSeveralKeys() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-ring-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try MasterKey.load(dataDirectory: dir, environment: [:])
        let original = first.cipher.primaryKeyID
        try MasterKey.installPrimary(b, dataDirectory: dir)
        let file = dir.appendingPathComponent(MasterKey.fileName).path
        #expect((try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let ring = try MasterKey.load(dataDirectory: dir, environment: [:]).cipher
        #expect(ring.keyIDs == [SecretCipher.id(of: b), original])
        try MasterKey.retire([original], dataDirectory: dir)
        #expect(try MasterKey.load(dataDirectory: dir, environment: [:]).cipher.keyIDs == [SecretCipher.id(of: b)])
        let environment = [MasterKey.environmentVariable: "\(a.base64EncodedString()), \(b.base64EncodedString())"]
        #expect(try MasterKey.load(dataDirectory: dir, environment: environment).cipher.keyIDs == [SecretCipher.id(of: a), SecretCipher.id(of: b)])
    }
}

private enum SymmetricKeyBytes {
    static let a = Data(repeating: 9, count: 32)
}
