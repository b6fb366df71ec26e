import Foundation
import Testing

@testable import HearthStore

@Suite("SecretCipher derived keys")
struct SecretCipherDerivedKeyTests {
    @Test("the same primary key and purpose give the same 32 bytes; another purpose or master key gives others")
    func derivation() throws {
        let master = Data(repeating: 3, count: 32)
        let one = try SecretCipher(keyBytes: master)
        let sameKeyAgain = try SecretCipher(keys: [master, Data(repeating: 9, count: 32)])
        let other = try SecretCipher(keyBytes: Data(repeating: 4, count: 32))
        let key = one.derivedKey(purpose: "portal csrf")
        #expect(key.count == 32)
        #expect(sameKeyAgain.derivedKey(purpose: "portal csrf") == key)
        #expect(one.derivedKey(purpose: "something else") != key)
        #expect(other.derivedKey(purpose: "portal csrf") != key)
        #expect(key != Array(master))
    }
}
