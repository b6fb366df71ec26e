import HTTPTypes
import NIOCore
import NIOHTTPTypes

extension FrontFastPath {
    /// Everything ``FrontFastPath`` decides about one connection, as a value: which request is
    /// being answered and by whom, what arrived meanwhile and waits, when the connection may be read
    /// again, and when it closes. The handler reports what happens (a part, an event or an error
    /// arrived, Hummingbird wrote an answer, the caller asked for more, the channel went inactive)
    /// and performs the ``Action``s it gets back; it decides nothing itself.
    ///
    /// Requests are answered in order, one at a time: while one is answered (here or by
    /// Hummingbird), what arrives after it is held, and the connection is not read further until
    /// it can go. Handing held arrivals on is a *drain*: the handler calls ``next(_:writable:)``
    /// until it returns `nil`, performing each action in between.
    ///
    /// `Call` is what a request served here carries from its head to its call (the router's call,
    /// the handler and its endpoint); the machine only hands it back.
    struct StateMachine<Call> {
        /// What arrived, in order: request parts, and the connection's events and errors, which must
        /// not overtake the requests before them (a half-close, a shutdown, a parse error).
        enum Arrival {
            case part(HTTPRequestPart)
            case event(Any)
            case error(any Error)
        }

        /// What the router and the handlers' supervisors make of a request head (``Action/route(_:)``).
        enum Route {
            /// Served here: its body is collected, then `Call` is made (the call is counted already).
            case serve(Call)
            /// Answered here at once (401, 404, 405, 400); the rest of the request is dropped.
            case answer(HTTPMessage)
            /// Passed on to Hummingbird.
            case passOn
        }

        enum Action {
            /// Hand a request part on to Hummingbird (`fireChannelRead`).
            case passOn(HTTPRequestPart)
            /// Hand an event or an error on, now that the requests before it are answered.
            case fireEvent(Any)
            case fireError(any Error)
            /// Ask the router about a request head, then report with ``routed(_:in:)`` before
            /// anything else.
            case route(HTTPRequest)
            /// Write an answer made here; with `close`, close the connection once it is written.
            case answer(HTTPMessage, close: Bool)
            /// A call counted for a request served here will not be made: free its handler and its
            /// app's share.
            case abandonCall(Call)
            /// ``abandonCall(_:)``, then ``answer(_:close:)`` (a body over the limit).
            case abandonCallAndAnswer(Call, HTTPMessage, close: Bool)
            /// A request served here arrived whole: make the call with this body after this pass
            /// over the loop's ready sockets, asking ``callStarting(_:)`` first.
            case startCall(Call, body: ByteBuffer)
            /// Make the call now.
            case runCall(Call)
            /// Read the connection (`context.read()`).
            case read
            /// Parts went on outside a read cycle: Hummingbird's channel delivers them only on a
            /// read-complete.
            case fireReadComplete
            /// Drain now.
            case drain
            /// Drain once this pass over the loop's ready sockets is done (after Hummingbird's
            /// flush of the answer it is writing).
            case drainAfterThisPass
        }

        /// One run of handing held arrivals on; the handler keeps it for the length of the run.
        struct Drain {
            fileprivate enum Stage { case arrivals, read, readComplete, done }

            /// In a read cycle (from `channelRead`), Hummingbird's read-complete follows anyway.
            let inReadCycle: Bool
            fileprivate var passedParts = false
            fileprivate var stage = Stage.arrivals

            init(inReadCycle: Bool) {
                self.inReadCycle = inReadCycle
            }
        }

        private enum Request {
            /// No request is being answered here.
            case idle
            /// Its head is with the router (between ``Action/route(_:)`` and ``routed(_:in:)``).
            case routing(HTTPRequest)
            /// Served here, its body arriving.
            case collecting(Call, ByteBuffer)
            /// Its handler is running it.
            case calling
            /// Already answered (401, 404, 405, 413); the rest of the request is dropped.
            case discarding
        }

        let maxRequestBodyBytes: Int
        private var request = Request.idle
        /// Requests passed on to Hummingbird whose response has not ended yet.
        private var passedOn = 0
        /// The parts of the request passed on last are still arriving.
        private var passing = false
        /// What arrived while an earlier request was being answered.
        private var held = CircularBuffer<Arrival>()
        /// The caller asked for a read while arrivals were held or it did not take its answers.
        private var readHeld = false
        private var active = true
        /// Close the connection once the current answer is written (a body over the limit).
        private var closeAfterAnswer = false
        /// A request passed on asked to close the connection: nothing after it is served (RFC 9112 §9.6).
        private var closing = false

        init(maxRequestBodyBytes: Int) {
            self.maxRequestBodyBytes = maxRequestBodyBytes
        }

        // MARK: events

        /// A part, event or error arrived; a drain follows.
        mutating func arrived(_ arrival: Arrival) {
            held.append(arrival)
        }

        /// The channel went inactive: a request whose body was still arriving is not called.
        mutating func channelInactive() -> Action? {
            active = false
            guard case .collecting(let call, _) = request else { return nil }
            request = .idle
            return .abandonCall(call)
        }

        mutating func handlerRemoved() {
            active = false
        }

        /// The caller asked for more. While arrivals are held, or the caller does not take what is
        /// written to it, the connection is not read further.
        mutating func readRequested(writable: Bool) -> Action? {
            if held.isEmpty, writable { return .read }
            readHeld = true
            return nil
        }

        mutating func writabilityChanged(writable: Bool) -> Action? {
            writable ? .drain : nil
        }

        /// Hummingbird wrote part of an answer; the end of the last one passed on lets held
        /// arrivals go.
        mutating func responsePartWritten(_ part: HTTPResponsePart) -> Action? {
            guard case .end = part, passedOn > 0 else { return nil }
            passedOn -= 1
            return passedOn == 0 ? .drainAfterThisPass : nil
        }

        /// The call of ``Action/startCall(_:body:)`` is due: made, unless the caller went away.
        func callStarting(_ call: Call) -> Action {
            active ? .runCall(call) : .abandonCall(call)
        }

        /// The handler answered the call being made here (or its failure was mapped).
        mutating func callAnswered(_ reply: HTTPMessage) -> Action? {
            guard case .calling = request else { return nil }
            request = .idle
            return active ? .answer(reply, close: closeAfterAnswer) : nil
        }

        /// The answer of ``callAnswered(_:)`` is written: held arrivals may go, if the connection
        /// is still there.
        func callAnswerWritten() -> Action? {
            active ? .drain : nil
        }

        // MARK: draining

        /// The next thing to do in a drain, or `nil` when it is over.
        mutating func next(_ drain: inout Drain, writable: Bool) -> Action? {
            if drain.stage == .arrivals {
                if let action = nextArrival(&drain, writable: writable) { return action }
                drain.stage = .read
            }
            if drain.stage == .read {
                drain.stage = .readComplete
                if held.isEmpty, readHeld, writable {
                    readHeld = false
                    return .read
                }
            }
            if drain.stage == .readComplete {
                drain.stage = .done
                if drain.passedParts, !drain.inReadCycle { return .fireReadComplete }
            }
            return nil
        }

        /// What the router made of the head of ``Action/route(_:)``.
        mutating func routed(_ route: Route, in drain: inout Drain) -> Action? {
            guard case .routing(let head) = request else { preconditionFailure("routed(_:in:) without a request head being routed") }
            switch route {
            case .serve(let call):
                request = .collecting(call, ByteBuffer())
                return nil
            case .answer(let message):
                request = .discarding
                return .answer(message, close: closeAfterAnswer)
            case .passOn:
                request = .idle
                return passOn(.head(head), in: &drain)
            }
        }

        /// Takes held arrivals for as long as nothing earlier is being answered; `nil` when the
        /// rest must wait.
        private mutating func nextArrival(_ drain: inout Drain, writable: Bool) -> Action? {
            while active, let arrival = held.first {
                guard case .part(let part) = arrival else {
                    if Self.endsInput(arrival) {
                        // No more parts will come: a request still arriving is abandoned, and only
                        // an answer being made here is waited for (Hummingbird orders its own).
                        switch request {
                        case .calling: return nil
                        case .collecting(let call, _):
                            // The arrival stays first: it goes on at the next step.
                            request = .idle
                            return .abandonCall(call)
                        case .discarding: request = .idle
                        case .idle: break
                        case .routing: preconditionFailure("a drain step before routed(_:in:)")
                        }
                        passing = false
                    } else {
                        // Anything else (a shutdown) goes on once everything before it is answered.
                        // The rest of a request still arriving goes first: held behind the event, it
                        // would stop the connection until the caller gave up.
                        if midRequest, let rest = firstPartOfThisRequest() {
                            held.insert(held.remove(at: rest), at: held.startIndex)
                            continue
                        }
                        guard case .idle = request, passedOn == 0, !passing else { return nil }
                    }
                    held.removeFirst()
                    switch arrival {
                    case .event(let event): return .fireEvent(event)
                    case .error(let error): return .fireError(error)
                    case .part: preconditionFailure("unreachable")
                    }
                }
                if passing {
                    held.removeFirst()
                    if case .end = part { passing = false }
                    drain.passedParts = true
                    return .passOn(part)
                }
                switch request {
                case .collecting(let call, var body):
                    held.removeFirst()
                    switch part {
                    case .head: preconditionFailure("a request head arrived inside a request")
                    case .body(var chunk):
                        request = .discarding  // not holding the body while it grows (no copy)
                        body.writeBuffer(&chunk)
                        if body.readableBytes > maxRequestBodyBytes {
                            closeAfterAnswer = true
                            return .abandonCallAndAnswer(call, tooLarge(), close: true)
                        }
                        request = .collecting(call, body)
                    case .end:
                        request = .calling
                        return .startCall(call, body: body)
                    }
                case .discarding:
                    held.removeFirst()
                    if case .end = part, !closeAfterAnswer { request = .idle }
                case .calling:
                    return nil
                case .idle:
                    if closing {
                        // Hummingbird closes the connection after that answer; nothing more is served.
                        held.removeFirst()
                        continue
                    }
                    // One request at a time is started, and none while the caller is not reading.
                    if passedOn > 0 || !writable { return nil }
                    held.removeFirst()
                    guard case .head(let head) = part, FrontFastPath.mayServe(head, maxBody: maxRequestBodyBytes) else {
                        return passOn(part, in: &drain)
                    }
                    request = .routing(head)
                    return .route(head)
                case .routing:
                    preconditionFailure("a drain step before routed(_:in:)")
                }
            }
            return nil
        }

        /// Parts of the current request are still to come (its body, its end).
        private var midRequest: Bool {
            switch request {
            case .collecting, .discarding: true
            case .idle, .routing, .calling: passing
            }
        }

        /// Where the next part of the request still arriving is held, behind events: a body part or
        /// the end, never the next request's head.
        private func firstPartOfThisRequest() -> CircularBuffer<Arrival>.Index? {
            guard let index = held.firstIndex(where: { if case .part = $0 { true } else { false } }) else { return nil }
            if case .part(.head) = held[index] { return nil }
            return index
        }

        private mutating func passOn(_ part: HTTPRequestPart, in drain: inout Drain) -> Action {
            if case .head(let head) = part {
                passedOn += 1
                passing = true
                // Exactly the test Hummingbird makes before it ends the connection after the answer.
                if head.headerFields[.connection] == "close" { closing = true }
            }
            drain.passedParts = true
            return .passOn(part)
        }

        /// An error, or the caller closing its side: no more request parts will arrive.
        private static func endsInput(_ arrival: Arrival) -> Bool {
            switch arrival {
            case .error: true
            case .event(let event): (event as? ChannelEvent) == .inputClosed
            case .part: false
            }
        }

        private func tooLarge() -> HTTPMessage {
            FrontRouter.plain(413, "Payload Too Large: request bodies are limited to \(maxRequestBodyBytes) bytes.")
        }
    }
}
