import Crypto
import Foundation
import HearthCore
import Testing

@testable import HearthStore

/// An app's data key wrapped for a worker with HPKE: only that worker's key opens it, only for
/// that app, worker and master key id, and an altered wrap does not open.
@Suite struct AppKeyWrapTests {
    let appID = UUID()
    let workerID = UUID()
    let workerKey = Curve25519.KeyAgreement.PrivateKey()
    let masterKeyID = SecretCipher.id(of: Data(repeating: 7, count: 32))

    func wrapped(_ key: AppDataKey) throws -> AppKeyWrap {
        try AppKeyWrap.wrap(key, appID: appID, workerID: workerID, publicKey: workerKey.publicKey.rawRepresentation)
    }

    @Test func theWorkerOpensTheDataKeyWrappedForIt() throws {
        let key = AppDataKey.generate(masterKeyID: masterKeyID)
        let wrap = try wrapped(key)
        #expect(wrap.encapsulatedKey.count == 32)
        #expect(wrap.ciphertext.range(of: key.bytes) == nil)
        let opened = try wrap.unwrap(appID: appID, workerID: workerID, masterKeyID: masterKeyID, privateKey: workerKey)
        #expect(opened.bytes == key.bytes)
        let sealed = try key.seal(Data("s3cret".utf8), context: "setting:x")
        #expect(try opened.open(sealed, context: "setting:x") == Data("s3cret".utf8))
        // Two wraps of one key differ (a fresh encapsulation each time).
        #expect(try wrapped(key) != wrap)
    }

    @Test func anotherWorkersKeyDoesNotOpenIt() throws {
        let wrap = try wrapped(.generate(masterKeyID: masterKeyID))
        let other = Curve25519.KeyAgreement.PrivateKey()
        #expect {
            _ = try wrap.unwrap(appID: appID, workerID: workerID, masterKeyID: masterKeyID, privateKey: other)
        } throws: { error in
            (error as? StoreError)?.code == .corrupt && "\(error)".contains("does not open with this worker's key")
        }
    }

    @Test func anAlteredWrapDoesNotOpen() throws {
        let wrap = try wrapped(.generate(masterKeyID: masterKeyID))
        var flipped = [UInt8](wrap.ciphertext)
        flipped[3] ^= 0x01
        var enc = [UInt8](wrap.encapsulatedKey)
        enc[0] ^= 0x80
        let altered = [
            AppKeyWrap(encapsulatedKey: wrap.encapsulatedKey, ciphertext: Data(flipped)),
            AppKeyWrap(encapsulatedKey: Data(enc), ciphertext: wrap.ciphertext),
            AppKeyWrap(encapsulatedKey: wrap.encapsulatedKey, ciphertext: Data([UInt8](wrap.ciphertext).prefix(10))),
            AppKeyWrap(encapsulatedKey: Data([UInt8](wrap.encapsulatedKey).prefix(31)), ciphertext: wrap.ciphertext),
        ]
        for altered in altered {
            #expect(throws: StoreError.self) {
                try altered.unwrap(appID: appID, workerID: workerID, masterKeyID: masterKeyID, privateKey: workerKey)
            }
        }
    }

    @Test func aWrapIsBoundToItsAppWorkerAndKeyID() throws {
        let wrap = try wrapped(.generate(masterKeyID: masterKeyID))
        let otherKeyID = SecretCipher.id(of: Data(repeating: 8, count: 32))
        #expect(throws: StoreError.self) { try wrap.unwrap(appID: UUID(), workerID: workerID, masterKeyID: masterKeyID, privateKey: workerKey) }
        #expect(throws: StoreError.self) { try wrap.unwrap(appID: appID, workerID: UUID(), masterKeyID: masterKeyID, privateKey: workerKey) }
        #expect(throws: StoreError.self) { try wrap.unwrap(appID: appID, workerID: workerID, masterKeyID: otherKeyID, privateKey: workerKey) }
    }

    @Test func aPublicKeyOfTheWrongLengthIsRefused() throws {
        for bad in [Data(), Data(repeating: 1, count: 31), Data(repeating: 1, count: 33)] {
            #expect {
                _ = try AppKeyWrap.wrap(.generate(masterKeyID: masterKeyID), appID: appID, workerID: workerID, publicKey: bad)
            } throws: { error in
                "\(error)".contains("not an X25519 key")
            }
        }
    }

    @Test func aValueUnderADataKeyIsBoundToItsContextAndRecordsTheMasterKeyID() throws {
        let key = AppDataKey.generate(masterKeyID: masterKeyID)
        let sealed = try key.seal(Data("v".utf8), context: "setting:a")
        #expect(sealed.first == 3)
        #expect(SecretCipher.keyID(of: sealed) == masterKeyID)
        #expect(throws: StoreError.self) { try key.open(sealed, context: "setting:b") }
        #expect(throws: StoreError.self) { try AppDataKey.generate(masterKeyID: masterKeyID).open(sealed, context: "setting:a") }
        var altered = [UInt8](sealed)
        altered[altered.count - 1] ^= 1
        #expect(throws: StoreError.self) { try key.open(Data(altered), context: "setting:a") }
    }

    @Test func aCipherWithoutMasterKeySealsNothingAndSaysWhy() throws {
        let none = SecretCipher.withoutMasterKey
        #expect(!none.hasMasterKey)
        #expect(throws: StoreError.self) { try none.seal("x", context: "c") }
        let sealed = try SecretCipher(keyBytes: Data(repeating: 7, count: 32)).seal("x", context: "c")
        #expect {
            _ = try none.open(sealed, context: "c")
        } throws: { error in
            "\(error)".contains("holds no master key")
        }
    }

    @Test func aRegistrationWithAPublicKeyOfTheWrongLengthIsInvalid() throws {
        var registration = WorkerRegistration(name: "desk7", advertiseURL: "http://desk7:7071", capacityMB: 1024, version: "1")
        registration.publicKey = Data(repeating: 1, count: 31)
        #expect {
            try registration.validate()
        } throws: { error in
            "\(error)".contains("31 bytes") && "\(error)".contains("32")
        }
        registration.publicKey = workerKey.publicKey.rawRepresentation
        try registration.validate()
    }
}
