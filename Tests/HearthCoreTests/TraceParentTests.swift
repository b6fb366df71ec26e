import HearthCore
import Testing

/// W3C `traceparent`: what is continued, what is refused (and so starts a new trace), what is written.
@Suite struct TraceParentTests {
    static let valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    @Test func parsesAValidHeader() throws {
        let parsed = try #require(TraceParent(header: Self.valid))
        #expect(parsed.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(parsed.spanID == "00f067aa0ba902b7")
        #expect(parsed.flags == 1)
        #expect(parsed.header == Self.valid)
    }

    @Test(arguments: [
        "",
        "garbage",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",  // version ff is invalid
        "0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",  // version not hex
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",  // all-zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",  // all-zero parent id
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",  // trace id one digit short
        "00-4bf92f3577b34da6a3ce929d0e0e47366-00f067aa0ba902b7-01",  // trace id one digit long
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01",  // parent id one digit short
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",  // flags one digit
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",  // upper case
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0x",  // flags not hex
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",  // version 00 has nothing more
        "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",  // wrong separators
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",  // a later version: more only after a dash
    ])
    func refusesInvalidHeaders(header: String) {
        #expect(TraceParent(header: header) == nil)
    }

    @Test func readsALaterVersionByItsFirstFields() throws {
        let parsed = try #require(TraceParent(header: "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-09-what-comes-next"))
        #expect(parsed.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(parsed.flags == 9)
        #expect(parsed.header == "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-09")  // written as version 00
    }

    @Test func continuingKeepsTheTraceAndFlagsWithANewSpan() throws {
        let incoming = try #require(TraceParent(header: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"))
        let mine = TraceParent.continuing(incoming, spanID: 0xABCD, newTraceID: (1, 2))
        #expect(mine.header == "00-4bf92f3577b34da6a3ce929d0e0e4736-000000000000abcd-00")
    }

    @Test func withoutOneANewSampledTraceStarts() {
        let started = TraceParent.continuing(nil, spanID: 0x0102_0304_0506_0708, newTraceID: (0xFEDC_BA98_7654_3210, 0x1))
        #expect(started.header == "00-fedcba98765432100000000000000001-0102030405060708-01")
        #expect(TraceParent(header: started.header) == started)
    }

    @Test func neverWritesAllZeroIds() {
        let started = TraceParent.continuing(nil, spanID: 0, newTraceID: (0, 0))
        #expect(TraceParent(header: started.header) != nil)
    }

    @Test func partsAreChecked() {
        #expect(TraceParent(traceID: "4bf92f3577b34da6a3ce929d0e0e4736", spanID: "00f067aa0ba902b7", flags: 1)?.header == Self.valid)
        #expect(TraceParent(traceID: "4bf92f3577b34da6a3ce929d0e0e4736", spanID: "00F067AA0BA902B7", flags: 1) == nil)
        #expect(TraceParent(traceID: String(repeating: "0", count: 32), spanID: "00f067aa0ba902b7", flags: 1) == nil)
    }
}
