import ArgumentParser

/// `hearth token create|list|delete` (admin token needed).
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage management API tokens (admin only).",
        subcommands: [Create.self, List.self, Delete.self])

    struct Create: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token; its secret is shown once.")
        @OptionGroup var options: ClientOptions
        @Argument(help: "Who or what uses it, e.g. ci-deploy.") var name: String
        @Option(help: "admin, owner, contributor or reader.") var role: String
        @Option(help: "The tenant (all roles but admin).") var tenant: String?

        func execute(_ client: ManagementClient) async throws {
            var body: [String: Any] = ["name": name, "role": role]
            if let tenant { body["tenant"] = tenant }
            let response = try await client.send(.POST, "/api/tokens", json: body)
            options.emit(response) { object in
                ["created \(object.text("role")) token \(object.text("name")) (\(object.text("id")))",
                 "token (shown once, store it now): \(object.text("token"))"]
            }
        }
    }

    struct List: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")
        @OptionGroup var options: ClientOptions

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.GET, "/api/tokens")
            options.emit(response) { object in
                object.objects("tokens").map { "\($0.text("id"))\t\($0.text("name"))\t\($0.text("role"))\t\($0.text("tenant"))" }
            }
        }
    }

    struct Delete: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Delete (revoke) a token.")
        @OptionGroup var options: ClientOptions
        @Argument var id: String

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.DELETE, "/api/tokens/\(ManagementClient.segment(id))")
            options.emit(response) { _ in ["deleted token \(id)"] }
        }
    }
}
