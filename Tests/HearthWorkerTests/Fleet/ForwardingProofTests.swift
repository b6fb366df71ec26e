import Foundation
import NIOHTTP1
import Testing

@testable import HearthWorker

/// The `X-Hearth-Forwarded` proof, signed and checked without I/O.
@Suite struct ForwardingProofTests {
    static let key = [UInt8](repeating: 7, count: 32)
    static let sender = UUID()
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func header(at date: Date = now, key: [UInt8] = key, sender: UUID = sender, target: String = "/api/x?a=1") -> String {
        ForwardingProof.sign(sender: sender, at: date, method: "POST", target: target, authority: "app.localhost:7071", key: key)
    }

    static func verify(
        _ values: [String],
        key: [UInt8]? = key,
        now: Date = now,
        target: String = "/api/x?a=1",
        members: Set<UUID> = [sender]
    ) -> Result<UUID, ForwardingProof.Refusal> {
        ForwardingProof.verify(values, method: "POST", target: target, authority: "APP.localhost:7071", key: key, now: now) { members.contains($0) }
    }

    @Test func aValidHeaderNamesItsSender() {
        #expect(Self.verify([Self.header()]) == .success(Self.sender))
        #expect(Self.verify([Self.header(at: Self.now.addingTimeInterval(-9))]) == .success(Self.sender))
        #expect(!Self.header().contains(Self.key.map { String($0) }.joined()))
    }

    @Test func anOldOrFutureHeaderIsExpired() {
        #expect(Self.verify([Self.header(at: Self.now.addingTimeInterval(-11))]) == .failure(.expired))
        #expect(Self.verify([Self.header(at: Self.now.addingTimeInterval(11))]) == .failure(.expired))
    }

    @Test func aTamperedHeaderOrRequestFails() {
        let header = Self.header()
        // Another target than the one signed.
        #expect(Self.verify([header], target: "/api/admin") == .failure(.badSignature))
        // A changed signature, time or sender.
        var flipped = Array(header)
        flipped[flipped.count - 1] = flipped.last == "A" ? "B" : "A"
        #expect(Self.verify([String(flipped)]) == .failure(.badSignature))
        let otherTime = header.replacingOccurrences(of: "t=1800000000000", with: "t=1800000000001")
        #expect(Self.verify([otherTime]) == .failure(.badSignature))
        let other = UUID()
        let otherSender = header.replacingOccurrences(of: Self.sender.uuidString.lowercased(), with: other.uuidString.lowercased())
        #expect(Self.verify([otherSender], members: [Self.sender, other]) == .failure(.badSignature))
    }

    @Test func aWrongOrMissingKeyFails() {
        #expect(Self.verify([Self.header(key: [UInt8](repeating: 8, count: 32))]) == .failure(.badSignature))
        #expect(Self.verify([Self.header()], key: nil) == .failure(.noKey))
    }

    @Test func aRevokedOrUnknownSenderFails() {
        #expect(Self.verify([Self.header()], members: []) == .failure(.unknownSender))
    }

    @Test func forgedOversizedAndDuplicatedHeadersAreRefused() {
        #expect(Self.verify([Self.header(), Self.header()]) == .failure(.duplicated))
        #expect(Self.verify([]) == .failure(.duplicated))
        #expect(Self.verify(["yes"]) == .failure(.malformed))
        #expect(Self.verify(["1"]) == .failure(.malformed))
        #expect(Self.verify([Self.header() + String(repeating: "A", count: 300)]) == .failure(.malformed))
        #expect(Self.verify(["v1;w=\(Self.sender.uuidString);t=1800000000000;s=x"]) == .failure(.malformed))
        #expect(Self.verify(["v1;w=\(Self.sender.uuidString.lowercased());t=+1800000000000;s=x"]) == .failure(.malformed))
        #expect(Self.verify(["v1;w=\(Self.sender.uuidString.lowercased());t=1800000000000;s=\u{0}"]) == .failure(.badSignature))
        #expect(Self.verify(["v2;w=\(Self.sender.uuidString.lowercased());t=1800000000000;s=x"]) == .failure(.malformed))
    }

    @Test func theForwardedRequestKeepsTheClientsRequestAndVouchesForItsOrigin() throws {
        let request = HTTPRequestFixture.request
        let head = FleetForwarder.head(
            request,
            bodyLength: 5,
            clientAddress: "192.0.2.7",
            host: "app.localhost:7071",
            scheme: "http",
            proof: "v1;proof"
        )
        #expect(head.uri == "/api/x?a=1")
        #expect(head.method == .POST)
        #expect(head.headers["Host"] == ["app.localhost:7071"])
        #expect(head.headers["X-Forwarded-For"] == ["198.51.100.1, 192.0.2.7"])
        #expect(head.headers["X-Forwarded-Host"] == ["app.localhost:7071"])
        #expect(head.headers["X-Forwarded-Proto"] == ["http"])
        #expect(head.headers["X-Hearth-Forwarded"] == ["v1;proof"])
        #expect(head.headers["Content-Length"] == ["5"])
        #expect(head.headers["Connection"].isEmpty)
        #expect(head.headers["x-functions-key"] == ["k"])
    }
}
