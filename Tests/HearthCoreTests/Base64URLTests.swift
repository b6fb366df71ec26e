import Foundation
import HearthCore
import Testing

/// The one base64 encoder: RFC 4648 §5, with and without padding.
@Suite struct Base64URLTests {
    @Test func matchesTheRFCTestVectorsPaddedAndUnpadded() {
        // RFC 4648 §10.
        let vectors = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=", "foobar": "Zm9vYmFy"]
        for (text, encoded) in vectors {
            #expect(Base64URL.encode(Array(text.utf8), padded: true) == encoded)
            #expect(Base64URL.encode(Array(text.utf8), padded: false) == encoded.replacingOccurrences(of: "=", with: ""))
        }
    }

    @Test func usesTheURLSafeAlphabet() {
        #expect(Base64URL.encode([0xFB, 0xFF], padded: true) == "-_8=")
        #expect(Base64URL.encode([0xFB, 0xFF, 0xBF], padded: false) == "-_-_")
    }

    @Test func agreesWithFoundationForEveryLengthUpTo64() {
        var generator = SystemRandomNumberGenerator()
        for count in 0...64 {
            let bytes = (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let standard = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            #expect(Base64URL.encode(bytes, padded: true) == standard)
            #expect(Base64URL.encode(bytes, padded: false) == standard.replacingOccurrences(of: "=", with: ""))
        }
    }
}
