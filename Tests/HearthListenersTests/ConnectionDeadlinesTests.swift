import HearthListeners
import NIOCore
import Testing

@Suite struct ConnectionDeadlinesTests {
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
    func at(_ seconds: Int64) -> NIODeadline { start + .seconds(seconds) }
    func fresh() -> ConnectionDeadlines { ConnectionDeadlines(headTimeout: .seconds(10), idleTimeout: .seconds(30), now: start) }

    @Test func aSilentConnectionIsClosedAfterTheIdleLimit() {
        let state = fresh()
        #expect(state.expired(now: at(29)) == nil)
        #expect(state.expired(now: at(30)) == .idle)
    }

    @Test func aHeadTricklingInIsClosedAfterTheHeadLimitFromItsFirstByte() {
        var state = fresh()
        state.received(now: at(5))
        for second in 6...14 { state.received(now: at(Int64(second))) }
        #expect(state.expired(now: at(14)) == nil)
        #expect(state.expired(now: at(15)) == .requestHead)
    }

    @Test func aBodyMayTakeLongAsLongAsItKeepsComing() {
        var state = fresh()
        state.received(now: at(1))
        state.headRead(now: at(2))
        for second in stride(from: 10, through: 100, by: 20) {
            state.bodyRead(now: at(Int64(second)))
            #expect(state.expired(now: at(Int64(second) + 29)) == nil)
        }
        #expect(state.expired(now: at(130)) == .body)
    }

    @Test func noLimitWhileTheServerAnswersThenTheKeepAliveIdleLimit() {
        var state = fresh()
        state.received(now: at(1))
        state.headRead(now: at(1))
        state.requestEnded(now: at(1))
        #expect(state.deadline == nil)
        #expect(state.expired(now: at(1000)) == nil)
        state.responseEnded(now: at(1000))
        #expect(state.expired(now: at(1029)) == nil)
        #expect(state.expired(now: at(1030)) == .idle)
    }

    @Test func aPipelinedHeadHeldBehindAnAnswerGetsItsTimeWhenTheAnswerEnds() {
        var state = fresh()
        state.received(now: at(1))
        state.headRead(now: at(1))
        state.requestEnded(now: at(1))
        state.received(now: at(2))  // the next request's first bytes
        #expect(state.deadline == nil)
        state.responseEnded(now: at(50))
        #expect(state.expired(now: at(59)) == nil)
        #expect(state.expired(now: at(60)) == .requestHead)
    }
}

extension ConnectionDeadlinesTests {
    @Test func aBodyTheServerDoesNotReadIsNotTheClientsFault() {
        var state = fresh()
        state.readRequested(now: start)
        state.bytesRead(now: at(1))
        state.headRead(now: at(1))
        // The server stops asking for bytes (the app's turn has not come): no limit.
        #expect(state.deadline == nil)
        #expect(state.expired(now: at(500)) == nil)
        // It reads on: the client has the whole idle limit from now.
        state.readRequested(now: at(500))
        #expect(state.expired(now: at(529)) == nil)
        #expect(state.expired(now: at(530)) == .body)
    }
}

extension ConnectionDeadlines {
    /// Bytes arrive and the server asks for more at once, as a channel that reads on does.
    mutating func received(now: NIODeadline) {
        bytesRead(now: now)
        readRequested(now: now)
    }
}
