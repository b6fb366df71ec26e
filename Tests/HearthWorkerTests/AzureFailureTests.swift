import Foundation
import HearthCore
import NIOCore
import NIOHTTP1
import Testing

@testable import HearthWorker

/// ``AzureFailure``: a failed invocation's lines as the Azure Functions host writes them.
@Suite struct AzureFailureTests {
    static let id = UUID(uuidString: "0F8FAD5B-D9CB-469F-A165-70867728950E")!

    @Test func aPythonWorkersExceptionReadsAsTheHostsRpcException() {
        let stack = "  File \"/home/site/wwwroot/Fail/__init__.py\", line 9, in main\n    raise ValueError(\"boom\")\n"
        let failure = AzureFailure.rpc(message: "ValueError: boom", stackTrace: stack)
        #expect(
            failure.lines(function: "Fail", invocationID: Self.id, milliseconds: 12.6) == [
                "Executed 'Functions.Fail' (Failed, Id=0f8fad5b-d9cb-469f-a165-70867728950e, Duration=13ms)",
                "Result: Failure",
                "Exception: ValueError: boom",
                "Stack:   File \"/home/site/wwwroot/Fail/__init__.py\", line 9, in main",
                "    raise ValueError(\"boom\")",
            ]
        )
    }

    @Test func aStatusResultFailureCarriesItsExceptionAndStack() {
        var result = RpcStatusResult()
        result.status = .failure
        result.exception.message = "KeyError: 'x'"
        result.exception.stackTrace = "  File \"a.py\", line 1, in f"
        #expect(result.azureFailure.text == "Result: Failure\nException: KeyError: 'x'\nStack:   File \"a.py\", line 1, in f")
    }

    @Test func aJavaScriptErrorStackGivesTheExceptionLineAndTheStack() {
        let failure = AzureFailure.described("TypeError: x is not a function\n    at module.exports (/app/F/index.js:3:5)\n")
        #expect(
            failure.text
                == "Result: Failure\nException: TypeError: x is not a function\n"
                + "Stack: TypeError: x is not a function\n    at module.exports (/app/F/index.js:3:5)"
        )
        // A thrown string has no type: it is the whole exception.
        #expect(AzureFailure.described("plain").text == "Result: Failure\nException: plain\nStack: plain")
    }

    @Test func aCustomHandlersNon2xxAnswerIsTheHostsHttpRequestException() {
        #expect(
            AzureFailure.httpStatus(502, reason: "Bad Gateway").text
                == "Response status code does not indicate success: 502 (Bad Gateway)."
        )
    }

    @Test func aCustomHandlersFailureAnswerCarriesTheAzureLines() throws {
        let failing = HTTPResponseHead(version: .http1_1, status: .internalServerError)
        let plain = UpstreamResponse(head: failing, body: ByteBuffer(string: "no"))
        let error = try #require(throws: WorkerError.self) { try CustomHandlerHost.payloadReply(plain, function: "F") }
        #expect(error.azureFailure == .httpStatus(500, reason: "Internal Server Error"))
        #expect(error.message == "the handler answered 500 for F: no")

        var head = HTTPResponseHead(version: .http1_1, status: .internalServerError)
        head.headers.add(name: "Content-Type", value: "application/json")
        let body = #"{"Error":"Error: kaboom\n    at f (/app/F/index.js:2:9)","Logs":["before"]}"#
        let node = UpstreamResponse(head: head, body: ByteBuffer(string: body))
        let nodeError = try #require(throws: WorkerError.self) { try CustomHandlerHost.payloadReply(node, function: "F") }
        #expect(
            nodeError.azureFailure?.text == "Result: Failure\nException: Error: kaboom\nStack: Error: kaboom\n    at f (/app/F/index.js:2:9)"
        )
        #expect(nodeError.logs == ["before"])
    }

    @Test func aTimeoutIsTheHostsFunctionTimeoutException() {
        #expect(
            AzureFailure.timeout(.seconds(5), function: "Slow").text
                == "Timeout value of 00:00:05 was exceeded by function: Functions.Slow"
        )
        #expect(AzureFailure.timeSpan(.seconds(3_723)) == "01:02:03")
        #expect(AzureFailure.timeSpan(.milliseconds(1_500)) == "00:00:01.5000000")
        #expect(AzureFailure.timeSpan(.seconds(90_000)) == "1.01:00:00")
    }

    @Test func theInvokerPrefersTheWorkersAccountThenTheTimeoutThenItsMessage() {
        var told = WorkerError(.handlerFailed, "the function failed: ValueError: boom")
        told.azureFailure = .rpc(message: "ValueError: boom", stackTrace: "s")
        #expect(Invoker.azureFailure(of: told, message: told.message, function: "F", timeout: nil) == told.azureFailure)

        let late = WorkerError(.timedOut, "the function did not finish")
        let lateFailure = Invoker.azureFailure(of: late, message: late.message, function: "F", timeout: .seconds(2))
        #expect(lateFailure == .timeout(.seconds(2), function: "F"))

        let died = WorkerError(.handlerFailed, "the handler exited with status 3 during the invocation")
        #expect(Invoker.azureFailure(of: died, message: died.message, function: "F", timeout: nil) == AzureFailure(text: died.message))
    }

    @Test func aFunctionThatFailedToLoadIsNamedAsTheHostNamesIt() {
        #expect(
            AzureFailure.loadFailedLine(function: "Broken", functionID: "abc")
                == "Worker failed to load function: 'Broken' with functionId: 'abc'."
        )
    }
}
