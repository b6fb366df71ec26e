import ArgumentParser
import Foundation

/// `hearth login --server URL --token TOKEN`: check the token and save both to the config file (0600).
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Save a server URL and API token for the other commands (~/.config/hearth/config.json, mode 0600)."
    )
    @Option(help: "The management API's URL.") var server: String = ClientOptions.defaultServer
    @Option(help: "The API token (hth_…). Leave it out to read it from standard input.") var token: String?

    func run() async throws {
        var secret = token
        if secret == nil {
            FileHandle.standardError.write(Data("API token: ".utf8))
            secret = readLine(strippingNewline: true)
        }
        guard let secret = secret?.trimmingCharacters(in: .whitespaces), !secret.isEmpty else {
            throw ValidationError("give the API token with --token or on standard input")
        }
        do {
            _ = try await ManagementClient(server: server, token: secret).send(.GET, "/api/apps")
        } catch let error as ClientError {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(1)
        }
        var file = ClientConfigFile.load()
        file.server = server
        file.token = secret
        try file.save()
        print("logged in to \(server); saved to \(ClientConfigFile.url.path)")
    }
}
