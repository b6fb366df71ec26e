import ArgumentParser
import Foundation

/// Options every client command shares: which server, which token, which output.
///
/// The server comes from `--server`, else `HEARTH_SERVER`, else the config file `hearth login`
/// wrote, else `http://127.0.0.1:7070`. The token comes from `HEARTH_TOKEN`, else the config file
/// (never from the command line, where other users could read it in the process list).
struct ClientOptions: ParsableArguments {
    static let defaultServer = "http://127.0.0.1:7070"

    @Option(help: "The management API's URL (default: $HEARTH_SERVER, the config file, then \(defaultServer)).")
    var server: String?

    @Option(help: "Output format: text, or json (the API's JSON, for scripts).")
    var output: OutputFormat = .text

    var resolvedServer: String {
        if let server { return server }
        if let env = ProcessInfo.processInfo.environment["HEARTH_SERVER"], !env.isEmpty { return env }
        return ClientConfigFile.load().server ?? Self.defaultServer
    }

    var resolvedToken: String? {
        if let env = ProcessInfo.processInfo.environment["HEARTH_TOKEN"], !env.isEmpty { return env }
        return ClientConfigFile.load().token
    }

    func client() -> ManagementClient {
        ManagementClient(server: resolvedServer, token: resolvedToken)
    }

    /// Prints `response` as the API's JSON, or as text through `text` from the decoded `Body`.
    func emit<Body: Decodable>(_ response: ManagementClient.Response, as type: Body.Type, text: (Body) -> [String]) throws {
        switch output {
        case .json:
            print(String(decoding: response.body, as: UTF8.self))
        case .text:
            for line in text(try response.decode(Body.self)) { print(line) }
        }
    }

    /// Prints `response` as the API's JSON, or the lines of `text` (for answers with nothing to show).
    func emit(_ response: ManagementClient.Response, text: () -> [String]) {
        switch output {
        case .json:
            print(String(decoding: response.body, as: UTF8.self))
        case .text:
            for line in text() { print(line) }
        }
    }
}
