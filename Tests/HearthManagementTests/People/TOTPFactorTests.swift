import Foundation
import HummingbirdOTP
import Testing

@testable import HearthManagement

@Suite struct TOTPFactorTests {
    /// RFC 6238 Appendix B's SHA-1 seed.
    let rfc = TOTPFactor(secret: Array("12345678901234567890".utf8))

    @Test(
        arguments: [
            (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
        ] as [(Int64, String)]
    )
    func rfc6238Vectors(seconds: Int64, eightDigits: String) {
        // The RFC prints 8 digits; 6-digit codes are the same number modulo 10^6, its last 6 digits.
        let step = TOTPFactor.step(at: Date(timeIntervalSince1970: TimeInterval(seconds)))
        #expect(rfc.code(atStep: step) == String(eightDigits.suffix(6)))
    }

    @Test func rfc4226HOTPVectors() {
        let expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
        #expect((0..<10).map { rfc.code(atStep: Int64($0)) } == expected)
    }

    @Test func agreesWithHummingbirdOTP() {
        // HummingbirdOTP keys its HMAC with a String's UTF-8 bytes, so compare on an ASCII secret.
        let secret = "JBSWY3DPEHPK3PXPJBSWY3DP"
        let ours = TOTPFactor(secret: Array(secret.utf8))
        let theirs = HOTP(secret: secret)
        for step in [0, 1, 59_000_000, 59_000_001] as [Int64] {
            let expected = String(theirs.compute(counter: UInt64(step)))
            #expect(ours.code(atStep: step) == String(repeating: "0", count: 6 - expected.count) + expected)
        }
    }

    @Test func generatesTwentyRandomBytesAsThirtyTwoBase32Characters() {
        let factor = TOTPFactor.generate()
        #expect(factor.secret.count == 20)
        #expect(factor.base32Secret.count == 32)
        #expect(TOTPFactor(base32: factor.base32Secret)?.secret == factor.secret)
        #expect(TOTPFactor.generate().secret != factor.secret)
    }

    @Test func readsBase32AsPeopleTypeItAndRefusesJunk() {
        #expect(TOTPFactor(base32: "gezd gnbv gy3t qojq gezd gnbv gy3t qojq")?.secret == Array("12345678901234567890".utf8))
        #expect(TOTPFactor(base32: "GEZDGNBVGY3TQOJQ1") == nil)  // '1' is not base32
        #expect(TOTPFactor(base32: "GEZDGNBV") == nil)  // 5 bytes: too short
    }

    @Test func provisioningURINamesHearthAndTheAccount() {
        let uri = rfc.provisioningURI(account: "ada lovelace@example.com")
        #expect(
            uri == "otpauth://totp/Hearth:ada%20lovelace%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=Hearth&algorithm=SHA1&digits=6&period=30"
        )
    }

    @Test func acceptsTheCurrentStepAndOneEitherSide() {
        let now = Date(timeIntervalSince1970: 59)  // step 1
        #expect(rfc.verify("287082", at: now, lastUsedStep: nil) == 1)
        #expect(rfc.verify("287 082", at: now, lastUsedStep: nil) == 1)
        #expect(rfc.verify("755224", at: now, lastUsedStep: nil) == 0)
        #expect(rfc.verify("359152", at: now, lastUsedStep: nil) == 2)
        #expect(rfc.verify("969429", at: now, lastUsedStep: nil) == nil)  // step 3: too far ahead
        #expect(rfc.verify("000000", at: now, lastUsedStep: nil) == nil)
        #expect(rfc.verify("28708", at: now, lastUsedStep: nil) == nil)
        #expect(rfc.verify("28708x", at: now, lastUsedStep: nil) == nil)
    }

    @Test func refusesACodeFromTheLastUsedStepOrEarlier() {
        let now = Date(timeIntervalSince1970: 59)
        let accepted = rfc.verify("287082", at: now, lastUsedStep: nil)
        #expect(accepted == 1)
        #expect(rfc.verify("287082", at: now, lastUsedStep: accepted) == nil)  // replay
        #expect(rfc.verify("755224", at: now, lastUsedStep: accepted) == nil)  // an older step
        #expect(rfc.verify("359152", at: now, lastUsedStep: accepted) == 2)  // the next one is fine
    }
}

@Suite struct Base32Tests {
    @Test func rfc4648Vectors() {
        let vectors = [
            ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI"),
        ]
        for (plain, encoded) in vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base32.decode("MZXW6YQ=") == Array("foob".utf8))
        #expect(Base32.decode("MZXW 6yq") == Array("foob".utf8))
        #expect(Base32.decode("MZXW0") == nil)
    }
}
