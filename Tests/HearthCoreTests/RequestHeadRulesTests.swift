import HearthCore
import Testing

/// The rules a request's head must meet before routing: NUL in the path, raw or percent-encoded.
@Suite struct RequestHeadRulesTests {
    @Test func nulInThePathIsFoundRawOrEncoded() {
        #expect(RequestHeadRules.containsNUL("/api/a\u{0}b"))
        #expect(RequestHeadRules.containsNUL("/api/%00"))
        #expect(RequestHeadRules.containsNUL("%00"))
        #expect(RequestHeadRules.containsNUL("/x%00y"))
        #expect(!RequestHeadRules.containsNUL(""))
        #expect(!RequestHeadRules.containsNUL("/api/hello"))
        #expect(!RequestHeadRules.containsNUL("/api/%0"))
        #expect(!RequestHeadRules.containsNUL("/api/%"))
        #expect(!RequestHeadRules.containsNUL("/api/%01%20"))
        #expect(!RequestHeadRules.containsNUL("/caf\u{E9}/\u{1F600}"))
        #expect(RequestHeadRules.containsNUL(String(repeating: "a", count: 90_000) + "%00"))
        // A bridged or shared string is read the same way (withUTF8 makes a native copy if needed).
        let target = "/api/%00?q=1"
        #expect(RequestHeadRules.containsNUL(String(target[..<target.firstIndex(of: "?")!])))
    }

    @Test func aPathWithNULIsABadRequest() {
        #expect(RequestHeadRules.problem(hostHeaders: 1, path: "/api/%00")?.contains("NUL") == true)
        #expect(RequestHeadRules.problem(hostHeaders: 1, path: "/api/hello") == nil)
    }
}
