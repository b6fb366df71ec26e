import Foundation
import HearthCore
import NIOCore
import Testing

@testable import HearthWorker

/// The worker's side of W3C traces: the caller's header found in any case, continued or replaced
/// by a new trace, and handed to FunctionRpc workers in the invocation's trace context.
@Suite struct TraceHeaderTests {
    static let incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    static let invocation = UUID(uuidString: "01890a5d-ac96-774b-bcce-b302099a8057")!

    @Test func findsTheCallersHeaderInAnyCase() {
        #expect(TraceHeader.value(in: [("Host", "x"), ("TraceParent", Self.incoming)]) == Self.incoming)
        #expect(TraceHeader.value(in: [("Host", "x"), ("tracestate", "a=b")]) == nil)
    }

    @Test func continuesAValidTraceWithTheInvocationsSpan() {
        let trace = TraceHeader.trace(invocation: Self.invocation, incoming: Self.incoming)
        // The span is the invocation id's last 8 bytes.
        #expect(trace.header == "00-4bf92f3577b34da6a3ce929d0e0e4736-bcceb302099a8057-01")
    }

    @Test(arguments: [nil, "", "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "zz"])
    func startsANewTraceOtherwise(incoming: String?) throws {
        let trace = TraceHeader.trace(invocation: Self.invocation, incoming: incoming)
        #expect(TraceParent(header: trace.header) == trace)
        #expect(trace.spanID == "bcceb302099a8057")
        #expect(trace.flags == TraceParent.sampledFlags)
        #expect(trace.traceID != "4bf92f3577b34da6a3ce929d0e0e4736")
        // Each new trace is a new random id.
        #expect(TraceHeader.trace(invocation: Self.invocation, incoming: incoming).traceID != trace.traceID)
    }

    @Test func theRequestGivenToAHandlerCarriesTheInvocationsTrace() {
        let request = CustomHandlerPayload.Request(
            url: "http://a/api/f",
            method: "GET",
            query: [],
            headers: [("Host", "a"), ("TRACEPARENT", Self.incoming)],
            body: ByteBuffer()
        )
        let mine = "00-4bf92f3577b34da6a3ce929d0e0e4736-bcceb302099a8057-01"
        let replaced = TraceHeader.replacing(in: request, with: mine)
        #expect(replaced.headers.map(\.name) == ["Host", "traceparent"])
        #expect(TraceHeader.value(in: replaced.headers) == mine)
        #expect(TraceHeader.replacing(in: request, with: nil).headers.map(\.value) == ["a", Self.incoming])
    }

    @Test func functionRpcInvocationsCarryTheTraceGiven() {
        let function = FunctionDefinition(
            name: "Tick",
            bindings: [BindingDefinition(name: "timer", type: "timerTrigger", direction: .in)],
            trigger: .timer(TimerTriggerDefinition(bindingName: "timer", expression: "00:05:00", schedule: .interval(.seconds(300))))
        )
        let mine = "00-4bf92f3577b34da6a3ce929d0e0e4736-bcceb302099a8057-01"
        var call = TimerInvocation(function: function, bindingName: "timer", status: nil, isPastDue: false, invocationID: Self.invocation)
        call.traceParent = mine
        #expect(RpcInvocationMapping.timerRequest(call, functionID: "f").traceContext.traceParent == mine)
    }
}
