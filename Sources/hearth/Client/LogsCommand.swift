import ArgumentParser

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
            options.emit(response) { Self.detail($0) }
            return
        }
        var query = [("limit", String(limit))]
        if let function { query.append(("function", function)) }
        let response = try await client.send(.GET, base, query: query)
        options.emit(response) { object in
            let items = object.objects("invocations")
            return items.isEmpty ? ["no invocations"] : items.map(Self.summary)
        }
    }

    static func summary(_ item: JSONObject) -> String {
        let duration = item.number("durationMs").map { "\(Int($0.rounded()))ms" } ?? "-"
        return "\(item.text("startedAt"))  \(item.text("function"))  \(item.text("trigger"))  \(item.text("status"))  \(duration)  \(item.text("id"))"
    }

    static func detail(_ item: JSONObject) -> [String] {
        var lines = [summary(item)]
        if let error = item.string("error") { lines.append("error: \(error)") }
        lines += item.strings("logs").map { "  \($0)" }
        return lines
    }
}
