import ArgumentParser
import HearthManagement

/// `hearth keys list|set|generate|delete` over the Azure-shaped admin key API.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage function keys, host keys, system keys and the master key.",
        subcommands: [List.self, Set.self, Generate.self, Delete.self]
    )

    static func keyLine(_ key: KeyDTO) -> String {
        "\(key.name)\t\(key.value ?? "(hidden: needs an owner or admin token)")"
    }

    struct List: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (host keys unless --function, --system or --master).")
        @OptionGroup var options: ClientOptions
        @OptionGroup var keys: KeySetOptions
        @Argument var app: String

        func execute(_ client: ManagementClient) async throws {
            if keys.master {
                let response = try await client.send(.GET, try keys.keyPath(app: app, name: nil))
                try options.emit(response, as: KeyDTO.self) { [KeysCommand.keyLine($0)] }
                return
            }
            let response = try await client.send(.GET, keys.collectionPath(app: app))
            try options.emit(response, as: KeyListDTO.self) { list in
                list.keys.isEmpty ? ["no keys"] : list.keys.map(KeysCommand.keyLine)
            }
        }
    }

    struct Set: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Create or replace a key with a given value (16+ characters of A-Z a-z 0-9 _ = -).")
        @OptionGroup var options: ClientOptions
        @OptionGroup var keys: KeySetOptions
        @Argument var app: String
        @Argument var name: String
        @Argument var value: String

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.PUT, try keys.keyPath(app: app, name: name), json: KeyRequest(name: name, value: value))
            try options.emit(response, as: KeyDTO.self) { ["\(response.status == 201 ? "created" : "updated") key \($0.name)"] }
        }
    }

    struct Generate: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Create or regenerate a key with a random value, and print it.")
        @OptionGroup var options: ClientOptions
        @OptionGroup var keys: KeySetOptions
        @Argument var app: String
        @Argument var name: String?

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.POST, try keys.keyPath(app: app, name: name))
            try options.emit(response, as: KeyDTO.self) { [KeysCommand.keyLine($0)] }
        }
    }

    struct Delete: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a key.")
        @OptionGroup var options: ClientOptions
        @OptionGroup var keys: KeySetOptions
        @Argument var app: String
        @Argument var name: String

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.DELETE, try keys.keyPath(app: app, name: name))
            options.emit(response) { ["deleted key \(name)"] }
        }
    }
}
