import ArgumentParser
import HearthManagement

/// `hearth logs APP [--function F] [--limit N] [--id ID]`: the invocation log.
struct LogsCommand: ClientCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Show an app's invocation log, newest first.")
    @OptionGroup var options: ClientOptions
    @Argument var app: String
    @Option(help: "Only this function.") var function: String?
    @Option(help: "At most this many invocations (1-1000).") var limit: Int = 50
    @Option(help: "One invocation, with the lines it logged.") var id: String?

    func execute(_ client: ManagementClient) async throws {
        let base = "/api/apps/\(ManagementClient.segment(app))/invocations"
        if let id {
            let response = try await client.send(.GET, "\(base)/\(ManagementClient.segment(id))")
            try options.emit(response, as: InvocationDTO.self) { Self.detail($0) }
            return
        }
        var query = [("limit", String(limit))]
        if let function { query.append(("function", function)) }
        let response = try await client.send(.GET, base, query: query)
        try options.emit(response, as: InvocationListDTO.self) { list in
            list.invocations.isEmpty ? ["no invocations"] : list.invocations.map(Self.summary)
        }
    }

    static func summary(_ item: InvocationDTO) -> String {
        let duration = item.durationMs.map { "\(Int($0.rounded()))ms" } ?? "-"
        return "\(APIText.of(item.startedAt))  \(item.function)  \(item.trigger)  \(item.status)  \(duration)  \(item.id)"
    }

    static func detail(_ item: InvocationDTO) -> [String] {
        var lines = [summary(item)]
        if let error = item.error { lines.append("error: \(error)") }
        if let trace = item.traceParent { lines.append("traceparent: \(trace)") }
        lines += item.logs.map { "  \($0)" }
        return lines
    }
}
