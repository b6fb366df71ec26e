import Foundation

/// A failed invocation as the Azure Functions host writes it in the function's log, so that log
/// searches and alerts written for Azure find Hearth's failures too.
///
/// What the host writes (azure-functions-host, `FileLogger` and `Workers/Rpc/RpcException.cs`):
/// the invocation's end, `Executed 'Functions.{name}' (Failed, Id={invocation id}, Duration={n}ms)`,
/// followed by the message of the innermost exception. That message depends on who failed:
/// - a language worker over FunctionRpc answers `StatusResult{status: Failure, exception:
///   {message, stack_trace}}`; the host turns it into an `RpcException` whose message is three
///   parts: `Result: Failure`, `Exception: {message}`, `Stack: {stack_trace}`. The Python worker
///   sends `{type name}: {text}` as the message (`ValueError: boom`) and the formatted traceback as
///   the stack; the Node worker sends the error and its `error.stack`.
/// - a function that failed to load: the host logs `Worker failed to load function: '{name}' with
///   functionId: '{id}'.` with that `RpcException`, and every invocation of it fails with it.
/// - a custom handler answering non-2xx: `EnsureSuccessStatusCode`'s `HttpRequestException`,
///   `Response status code does not indicate success: {code} ({reason}).` (no stack of the handler).
/// - a function past `functionTimeout`: the WebJobs SDK's `FunctionTimeoutException`,
///   `Timeout value of {hh:mm:ss} was exceeded by function: Functions.{name}`.
struct AzureFailure: Sendable, Equatable {
    /// The innermost exception's message as the host writes it; possibly several lines.
    let text: String

    /// The longest stack kept (a traceback is rarely longer; a runaway recursion is).
    static let stackLimit = 8192

    init(text: String) {
        self.text = text
    }

    /// A FunctionRpc worker's `StatusResult.exception`, as the host's `RpcException` words it.
    static func rpc(message: String, stackTrace: String) -> AzureFailure {
        let stack = stackTrace.trimmingCharacters(in: .newlines)
        return AzureFailure(text: "Result: Failure\nException: \(message)\nStack: \(stack.prefix(stackLimit))")
    }

    /// An error described as JavaScript's `error.stack` does (`TypeError: boom` then `    at …`
    /// lines): its first line is the exception, the whole of it the stack.
    static func described(_ description: String) -> AzureFailure {
        let trimmed = description.trimmingCharacters(in: .whitespacesAndNewlines)
        let firstLine = trimmed.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return rpc(message: firstLine, stackTrace: trimmed)
    }

    /// A custom handler's non-2xx answer.
    static func httpStatus(_ code: Int, reason: String) -> AzureFailure {
        AzureFailure(text: "Response status code does not indicate success: \(code) (\(reason)).")
    }

    /// An invocation that ran past `functionTimeout` (`limit`; nil for none).
    static func timeout(_ limit: Duration?, function: String) -> AzureFailure {
        let value = limit.map(timeSpan) ?? "none"
        return AzureFailure(text: "Timeout value of \(value) was exceeded by function: Functions.\(function)")
    }

    /// The host's line for an invocation's failed end.
    static func executedLine(function: String, invocationID: UUID, milliseconds: Double) -> String {
        let id = invocationID.uuidString.lowercased()
        return "Executed 'Functions.\(function)' (Failed, Id=\(id), Duration=\(Int(milliseconds.rounded()))ms)"
    }

    /// The host's line for a function a worker could not load.
    static func loadFailedLine(function: String, functionID: String) -> String {
        "Worker failed to load function: '\(function)' with functionId: '\(functionID)'."
    }

    /// What the host writes for this failure at an invocation's end, line by line.
    func lines(function: String, invocationID: UUID, milliseconds: Double) -> [String] {
        [Self.executedLine(function: function, invocationID: invocationID, milliseconds: milliseconds)]
            + text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// A duration as .NET writes a `TimeSpan`: `hh:mm:ss`, `d.hh:mm:ss` past a day, with seven
    /// fraction digits when it has a fraction.
    static func timeSpan(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let days = seconds / 86_400
        let hours = (seconds % 86_400) / 3_600
        let minutes = (seconds % 3_600) / 60
        let rest = seconds % 60
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var text = "\(two(hours)):\(two(minutes)):\(two(rest))"
        if days > 0 { text = "\(days).\(text)" }
        let ticks = attoseconds / 100_000_000_000  // 100 ns, .NET's tick
        if ticks > 0 {
            let digits = String(ticks)
            text += "." + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
        }
        return text
    }
}
