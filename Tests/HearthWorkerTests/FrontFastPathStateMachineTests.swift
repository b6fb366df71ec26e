import HTTPTypes
import NIOCore
import NIOHTTPTypes
import Testing

@testable import HearthWorker

/// ``FrontFastPath/StateMachine`` driven without a socket: what the fast path does with a
/// connection's requests, events and answers, step by step. A request "served here" carries its
/// name as its call.
@Suite struct FrontFastPathStateMachineTests {
    typealias Machine = FrontFastPath.StateMachine<String>

    /// Plays the handler: runs drains, answers routing with `routes` (by path; passed on when not
    /// listed), and writes down every action.
    struct Driver {
        var machine = Machine(maxRequestBodyBytes: 8)
        var writable = true
        var routes: [String: Machine.Route] = [:]
        private(set) var routed: [String] = []

        /// A part read from the connection (in a read cycle).
        mutating func read(_ part: HTTPRequestPart) -> [String] {
            machine.arrived(.part(part))
            return drain(inReadCycle: true)
        }

        /// Several parts, each as its own read.
        mutating func read(_ parts: [HTTPRequestPart]) -> [String] {
            parts.flatMap { read($0) }
        }

        mutating func event(_ event: Any) -> [String] {
            machine.arrived(.event(event))
            return drain()
        }

        mutating func error(_ error: any Error) -> [String] {
            machine.arrived(.error(error))
            return drain()
        }

        /// Hummingbird wrote a whole answer (head, then end).
        mutating func hummingbirdAnswered() -> [String] {
            #expect(machine.responsePartWritten(.head(HTTPResponse(status: .ok))) == nil)
            return machine.responsePartWritten(.end(nil)).map { [Self.describe($0)] } ?? []
        }

        /// The handler answered the call being made: the answer, then what follows it once written.
        mutating func callAnswered(_ status: Int = 200) -> [String] {
            guard let action = machine.callAnswered(HTTPMessage(status: status)) else { return [] }
            return [Self.describe(action)] + (machine.callAnswerWritten().map { [Self.describe($0)] } ?? [])
        }

        mutating func drain(inReadCycle: Bool = false) -> [String] {
            var progress = Machine.Drain(inReadCycle: inReadCycle)
            var steps: [String] = []
            while var action = machine.next(&progress, writable: writable) {
                if case .route(let head) = action {
                    let path = head.path ?? ""
                    routed.append(path)
                    guard let next = machine.routed(routes[path] ?? .passOn, in: &progress) else { continue }
                    action = next
                }
                steps.append(Self.describe(action))
            }
            return steps
        }

        static func describe(_ action: Machine.Action) -> String {
            switch action {
            case .passOn(let part): "pass " + describe(part)
            case .fireEvent(let event): "event \(event)"
            case .fireError(let error): "error \(error)"
            case .route(let head): "route \(head.path ?? "")"
            case .answer(let message, let close): "answer \(message.status)" + (close ? " close" : "")
            case .abandonCall(let call): "abandon \(call)"
            case .abandonCallAndAnswer(let call, let message, let close):
                "abandon \(call), answer \(message.status)" + (close ? " close" : "")
            case .startCall(let call, let body): "call \(call) \(String(buffer: body).debugDescription)"
            case .runCall(let call): "run \(call)"
            case .read: "read"
            case .fireReadComplete: "readComplete"
            case .drain: "drain"
            case .drainAfterThisPass: "drainAfterThisPass"
            }
        }

        static func describe(_ part: HTTPRequestPart) -> String {
            switch part {
            case .head(let head): "head \(head.path ?? "")"
            case .body(let body): "body \(String(buffer: body))"
            case .end: "end"
            }
        }
    }

    struct Shutdown: CustomStringConvertible {
        var description: String { "shutdown" }
    }

    struct ParseError: Error, CustomStringConvertible {
        var description: String { "parse" }
    }

    static func head(_ path: String, _ fields: HTTPFields = [:]) -> HTTPRequestPart {
        .head(HTTPRequest(method: .post, scheme: nil, authority: "t", path: path, headerFields: fields))
    }

    static func body(_ text: String) -> HTTPRequestPart { .body(ByteBuffer(string: text)) }

    static func request(_ path: String, _ fields: HTTPFields = [:]) -> [HTTPRequestPart] { [head(path, fields), .end(nil)] }

    static var notFound: Machine.Route { .answer(HTTPMessage(status: 404)) }

    // MARK: pipelining

    @Test func pipelinedRequestsAreAnsweredInOrderByBothPaths() {
        var driver = Driver()
        driver.routes = ["/a": .serve("a"), "/missing": Self.notFound, "/d": .serve("d")]
        // All four arrive before the first is answered.
        #expect(driver.read(Self.head("/a")) == [])
        #expect(driver.read(Self.body("hi")) == [])
        #expect(driver.read(.end(nil)) == [#"call a "hi""#])
        #expect(driver.read(Self.request("/b") + Self.request("/missing") + Self.request("/d")) == [])
        #expect(driver.routed == ["/a"])

        // The call is made; its answer lets the request passed on go, with a read-complete
        // (outside a read cycle Hummingbird's channel delivers parts only then).
        #expect(Driver.describe(driver.machine.callStarting("a")) == "run a")
        #expect(driver.callAnswered() == ["answer 200", "drain"])
        #expect(driver.drain() == ["pass head /b", "pass end", "readComplete"])
        // Nothing after it starts until Hummingbird's answer ended and was flushed.
        #expect(driver.drain() == [])
        #expect(driver.hummingbirdAnswered() == ["drainAfterThisPass"])
        #expect(driver.drain() == ["answer 404", #"call d """#])
        #expect(driver.routed == ["/a", "/b", "/missing", "/d"])
        #expect(driver.callAnswered() == ["answer 200", "drain"])
        #expect(driver.drain() == [])
    }

    @Test func requestsPassedOnWaitForEachOthersAnswers() {
        var driver = Driver()
        #expect(driver.read(Self.head("/a")) == ["pass head /a"])
        #expect(driver.read(Self.body("x")) == ["pass body x"])
        #expect(driver.read(.end(nil)) == ["pass end"])
        // The next one waits for the first answer: one request at a time.
        #expect(driver.read(Self.request("/b")) == [])
        #expect(driver.hummingbirdAnswered() == ["drainAfterThisPass"])
        #expect(driver.drain() == ["pass head /b", "pass end", "readComplete"])
        // Parts of an answer other than its end, and ends beyond those passed on, change nothing.
        #expect(driver.hummingbirdAnswered() == ["drainAfterThisPass"])
        #expect(driver.hummingbirdAnswered() == [])
    }

    @Test func aHeadPassedOnAloneOutsideAReadCycleIsFollowedByAReadComplete() {
        var driver = Driver()
        driver.routes = ["/a": .serve("a")]
        #expect(driver.read(Self.request("/a") + [Self.head("/b")]) == [#"call a """#])
        #expect(driver.callAnswered() == ["answer 200", "drain"])
        // Only /b's head has arrived: it alone goes on, and Hummingbird must still be told.
        #expect(driver.drain() == ["pass head /b", "readComplete"])
        // Its end, read later, goes on in that read cycle.
        #expect(driver.read(.end(nil)) == ["pass end"])
    }

    @Test func unusualRequestsGoToTheGeneralPathWithoutRouting() {
        var driver = Driver()
        driver.routes = ["/x": .serve("x")]
        // Declared bodies over the limit (8 bytes here) are the general path's.
        #expect(driver.read(Self.head("/x", [.contentLength: "9"])) == ["pass head /x"])
        #expect(driver.routed.isEmpty)
        #expect(driver.read(.end(nil)) == ["pass end"])
        #expect(driver.hummingbirdAnswered() == ["drainAfterThisPass"])
        // A part that is not a head, with nothing in progress, is passed on as it is.
        #expect(driver.read(Self.body("stray")) == ["pass body stray"])
    }

    // MARK: half-close and errors

    @Test func inputClosedWaitsForTheCallInFlight() {
        var driver = Driver()
        driver.routes = ["/a": .serve("a")]
        #expect(driver.read(Self.request("/a")) == [#"call a """#])
        #expect(driver.event(ChannelEvent.inputClosed) == [])
        #expect(driver.callAnswered() == ["answer 200", "drain"])
        #expect(driver.drain() == ["event inputClosed"])
    }

    @Test func inputClosedMidBodyAbandonsTheCallAndGoesOnAtOnce() {
        var driver = Driver()
        driver.routes = ["/a": .serve("a")]
        #expect(driver.read([Self.head("/a"), Self.body("par")]) == [])
        #expect(driver.event(ChannelEvent.inputClosed) == ["abandon a", "event inputClosed"])
        // No call is made and no answer waited for.
        #expect(driver.callAnswered() == [])
    }

    @Test func inputClosedDoesNotWaitForHummingbird() {
        var driver = Driver()
        #expect(driver.read([Self.head("/a"), Self.body("par")]) == ["pass head /a", "pass body par"])
        // Hummingbird orders its own: the end of input reaches it at once, mid-body.
        #expect(driver.event(ChannelEvent.inputClosed) == ["event inputClosed"])
        // The request no longer counts as arriving: a shutdown still waits for its answer.
        #expect(driver.event(Shutdown()) == [])
        #expect(driver.hummingbirdAnswered() == ["drainAfterThisPass"])
        #expect(driver.drain() == ["event shutdown"])
    }

    @Test func anErrorMidBodyAbandonsTheCallLikeTheEndOfInput() {
        var driver = Driver()
        driver.routes = ["/a": .serve("a")]
        #expect(driver.read([Self.head("/a"), Self.body("par")]) == [])
        #expect(driver.error(ParseError()) == ["abandon a", "error parse"])
    }

    @Test func inputClosedAfterAnAnswerMadeHereStopsDiscarding() {
        var driver = Driver()
        driver.routes = ["/missing": Self.notFound]
        #expect(driver.read([Self.head("/missing"), Self.body("ignored")]) == ["answer 404"])
        #expect(driver.event(ChannelEvent.inputClosed) == ["event inputClosed"])
    }

    // MARK: a body cut short, the caller gone

    @Test func channelInactiveMidBodyAbandonsTheCall() {
        var driver = Driver()
        driver.routes = ["/a": .serve("a")]
        #expect(driver.read([Self.head("/a"), Self.body("par")]) == [])
        #expect(driver.machine.channelInactive().map(Driver.describe) == "abandon a")
        // Nothing more is handed on, read, or answered.
        #expect(driver.read(Self.body("t")) == [])
        #expect(driver.event(Shutdown()) == [])
        #expect(driver.machine.readRequested(writable: true) == nil)
        #expect(driver.callAnswered() == [])
    }

    @Test func callStartingAfterTheCallerLeftIsAbandoned() {
        var driver = Driver()
        driver.routes = ["/a": .serve("a")]
        #expect(driver.read(Self.request("/a")) == [#"call a """#])
        // The channel went inactive before the call was due (after this pass over the loop).
        #expect(driver.machine.channelInactive() == nil)
        #expect(Driver.describe(driver.machine.callStarting("a")) == "abandon a")
    }

    @Test func theCallerGoneMidCallGetsNoAnswer() {
        var driver = Driver()
        driver.routes = ["/a": .serve("a")]
        #expect(driver.read(Self.request("/a") + Self.request("/b")) == [#"call a """#])
        #expect(driver.machine.channelInactive() == nil)
        #expect(driver.callAnswered() == [])
        #expect(driver.drain() == [])
    }

    @Test func handlerRemovedStopsDraining() {
        var driver = Driver()
        driver.machine.handlerRemoved()
        #expect(driver.read(Self.request("/a")) == [])
    }

    @Test func aBodyOverTheLimitIsRefusedAndTheConnectionCloses() {
        var driver = Driver()
        driver.routes = ["/a": .serve("a"), "/b": .serve("b")]
        #expect(driver.read([Self.head("/a"), Self.body("12345")]) == [])
        #expect(driver.read(Self.body("6789")) == ["abandon a, answer 413 close"])
        // The rest of it, and anything after it, is dropped: the connection closes.
        #expect(driver.read([Self.body("more"), .end(nil)] + Self.request("/b")) == [])
        #expect(driver.routed == ["/a"])
    }

    @Test func bodiesUpToTheLimitAreCollected() {
        var driver = Driver()
        driver.routes = ["/a": .serve("a")]
        #expect(driver.read([Self.head("/a"), Self.body("1234"), Self.body("5678"), .end(nil)]) == [#"call a "12345678""#])
    }

    // MARK: Connection: close

    @Test func nothingAfterAConnectionCloseRequestIsServed() {
        var driver = Driver()
        driver.routes = ["/a": .serve("a"), "/b": .serve("b")]
        // A request that asks to close is the general path's (mayServe), even for a warm handler.
        #expect(driver.read(Self.request("/a", [.connection: "close"])) == ["pass head /a", "pass end"])
        #expect(driver.read(Self.request("/b")) == [])
        #expect(driver.hummingbirdAnswered() == ["drainAfterThisPass"])
        // Hummingbird closes the connection after that answer: what followed was dropped as it
        // arrived, so nothing is held (reads go on until the close).
        #expect(driver.drain() == [])
        #expect(driver.routed == [])
        #expect(driver.machine.readRequested(writable: true).map(Driver.describe) == "read")
    }

    @Test func onlyHummingbirdsExactCloseTestEndsServing() {
        var driver = Driver()
        driver.routes = ["/b": .serve("b")]
        // `Close` is not what Hummingbird closes on: it is passed on, and what follows is served.
        #expect(driver.read(Self.request("/a", [.connection: "Close"])) == ["pass head /a", "pass end"])
        #expect(driver.read(Self.request("/b")) == [])
        #expect(driver.hummingbirdAnswered() == ["drainAfterThisPass"])
        #expect(driver.drain() == [#"call b """#])
    }

    // MARK: back-pressure

    @Test func readsAreHeldWhileARequestIsServed() {
        var driver = Driver()
        driver.routes = ["/a": .serve("a"), "/b": .serve("b")]
        // Nothing held: the read goes on.
        #expect(driver.machine.readRequested(writable: true).map(Driver.describe) == "read")
        #expect(driver.read(Self.request("/a") + Self.request("/b")) == [#"call a """#])
        // /b is held behind /a: the connection is not read.
        #expect(driver.machine.readRequested(writable: true) == nil)
        #expect(driver.drain() == [])
        #expect(driver.callAnswered() == ["answer 200", "drain"])
        // Once /b has started the held read happens, once.
        #expect(driver.drain() == [#"call b """#, "read"])
        #expect(driver.drain() == [])
    }

    @Test func nothingStartsOrIsReadWhileTheCallerTakesNoAnswers() {
        var driver = Driver()
        driver.routes = ["/a": .serve("a")]
        driver.writable = false
        #expect(driver.machine.readRequested(writable: false) == nil)
        #expect(driver.read(Self.request("/a")) == [])
        #expect(driver.routed.isEmpty)
        #expect(driver.machine.writabilityChanged(writable: false) == nil)
        driver.writable = true
        #expect(driver.machine.writabilityChanged(writable: true).map(Driver.describe) == "drain")
        // The read asked for while unwritable happens once nothing is held.
        #expect(driver.drain() == [#"call a """#, "read"])
        #expect(driver.callAnswered() == ["answer 200", "drain"])
        #expect(driver.drain() == [])
    }

    @Test func partsOfARequestPassedOnFlowWhileUnwritable() {
        var driver = Driver()
        #expect(driver.read(Self.head("/a")) == ["pass head /a"])
        driver.writable = false
        #expect(driver.read(Self.body("x")) == ["pass body x"])
        #expect(driver.read(.end(nil)) == ["pass end"])
    }

    // MARK: shutdown and events

    @Test func aShutdownWaitsBehindTheRequestsBeforeIt() {
        var driver = Driver()
        driver.routes = ["/a": .serve("a")]
        #expect(driver.read(Self.request("/a")) == [#"call a """#])
        #expect(driver.event(Shutdown()) == [])
        #expect(driver.callAnswered() == ["answer 200", "drain"])
        #expect(driver.drain() == ["event shutdown"])

        // With nothing in progress it goes on at once.
        #expect(driver.event(Shutdown()) == ["event shutdown"])
    }

    @Test func aShutdownGoesOnOnceARequestAnsweredHereHasArrived() {
        var driver = Driver()
        driver.routes = ["/missing": Self.notFound]
        #expect(driver.read([Self.head("/missing"), Self.body("x"), .end(nil)]) == ["answer 404"])
        #expect(driver.event(Shutdown()) == ["event shutdown"])
    }

    /// Arrivals are taken strictly in order, so a shutdown that arrives while a request is still
    /// arriving holds that request's remaining parts behind it, and with them the connection's
    /// reads: it stays so until the caller goes away (the listener's idle limit). That is how the
    /// fast path behaved before its state machine; this pins it.
    @Test func aShutdownMidRequestLetsTheRestOfThatRequestPassFirst() {
        var driver = Driver()
        driver.routes = ["/missing": Self.notFound]
        #expect(driver.read([Self.head("/missing"), Self.body("x")]) == ["answer 404"])
        #expect(driver.event(Shutdown()) == [])
        #expect(driver.read(.end(nil)) == ["event shutdown"])
    }

    @Test func aShutdownMidPassedOnRequestLetsItsBodyThroughButNotTheNextRequest() {
        var driver = Driver()
        #expect(driver.read([Self.head("/a")]) == ["pass head /a"])
        #expect(driver.event(Shutdown()) == [])
        #expect(driver.read([Self.body("x"), .end(nil), Self.head("/b"), .end(nil)]) == ["pass body x", "pass end"])
        #expect(driver.hummingbirdAnswered() == ["drainAfterThisPass"])
        #expect(driver.drain().first == "event shutdown")
    }

    @Test func eventsAfterAPassedOnRequestWaitForItsAnswer() {
        var driver = Driver()
        #expect(driver.read(Self.request("/a")) == ["pass head /a", "pass end"])
        #expect(driver.event(Shutdown()) == [])
        #expect(driver.hummingbirdAnswered() == ["drainAfterThisPass"])
        #expect(driver.drain() == ["event shutdown"])
    }
}
