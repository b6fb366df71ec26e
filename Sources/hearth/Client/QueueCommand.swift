import ArgumentParser
import Foundation
import HearthManagement

/// `hearth queue create|list|delete|put|peek|get|delete-message|clear|length`, on an app's
/// tenant's default queue account (`--app`) or a named account (`--account`).
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Manage Hearth's queues and their messages.",
        subcommands: [Create.self, List.self, Delete.self, Put.self, Peek.self, Get.self, DeleteMessage.self, Clear.self, Length.self]
    )

    static func messageLines(_ list: QueueMessageListDTO) -> [String] {
        guard !list.messages.isEmpty else { return ["no messages"] }
        return list.messages.map { message in
            var line = "\(message.id)\tdequeued \(message.dequeueCount)\t"
            if let receipt = message.popReceipt { line += "pop receipt \(receipt)\tvisible again \(message.nextVisibleTime)\t" }
            return line + message.text
        }
    }

    struct Create: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Create a queue (3-63 lower-case letters, digits and single hyphens).")
        @OptionGroup var options: ClientOptions
        @OptionGroup var target: QueueTargetOptions
        @Argument var queue: String

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.PUT, try target.queuePath(queue))
            try options.emit(response, as: QueueDTO.self) {
                ["\(response.status == 201 ? "created" : "exists already:") queue \($0.name) in account \($0.account)"]
            }
        }
    }

    struct List: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "List the queues of an account.")
        @OptionGroup var options: ClientOptions
        @OptionGroup var target: QueueTargetOptions
        @Option(help: "Only queues whose names start with this.") var prefix: String?

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.GET, target.collectionPath, query: prefix.map { [("prefix", $0)] } ?? [])
            try options.emit(response, as: QueueListDTO.self) { list in
                list.queues.isEmpty ? ["no queues in account \(list.account)"] : list.queues.map(\.name)
            }
        }
    }

    struct Delete: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a queue with its messages.")
        @OptionGroup var options: ClientOptions
        @OptionGroup var target: QueueTargetOptions
        @Argument var queue: String

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.DELETE, try target.queuePath(queue))
            options.emit(response) { ["deleted queue \(queue)"] }
        }
    }

    struct Put: ClientCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put a message on a queue (at most 64 KiB of text; '-' reads it from standard input)."
        )
        @OptionGroup var options: ClientOptions
        @OptionGroup var target: QueueTargetOptions
        @Argument var queue: String
        @Argument var text: String
        @Option(help: "Seconds before the message becomes visible (0 to 604800).") var visibilityTimeout: Double?
        @Option(parsing: .unconditional, help: "Seconds the message lives (-1: never; default 7 days).") var ttl: Double?

        func execute(_ client: ManagementClient) async throws {
            let body = text == "-" ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self) : text
            let request = PutMessageRequest(text: body, visibilityTimeout: visibilityTimeout, timeToLive: ttl)
            let response = try await client.send(.POST, try target.queuePath(queue) + "/messages", json: request)
            try options.emit(response, as: QueueMessageDTO.self) { ["put message \($0.id)\tpop receipt \($0.popReceipt ?? "")"] }
        }
    }

    struct Peek: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Show visible messages without taking them.")
        @OptionGroup var options: ClientOptions
        @OptionGroup var target: QueueTargetOptions
        @Argument var queue: String
        @Option(help: "How many (1-32).") var count = 1

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.GET, try target.queuePath(queue) + "/messages", query: [("count", String(count))])
            try options.emit(response, as: QueueMessageListDTO.self, text: QueueCommand.messageLines)
        }
    }

    struct Get: ClientCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take messages under a lease: invisible to others until the timeout; delete them with their pop receipt."
        )
        @OptionGroup var options: ClientOptions
        @OptionGroup var target: QueueTargetOptions
        @Argument var queue: String
        @Option(help: "How many (1-32).") var count = 1
        @Option(help: "Seconds the messages stay invisible (1 to 604800).") var visibilityTimeout: Double = 30

        func execute(_ client: ManagementClient) async throws {
            let request = LeaseMessagesRequest(count: count, visibilityTimeout: visibilityTimeout)
            let response = try await client.send(.POST, try target.queuePath(queue) + "/leases", json: request)
            try options.emit(response, as: QueueMessageListDTO.self, text: QueueCommand.messageLines)
        }
    }

    struct DeleteMessage: ClientCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete-message",
            abstract: "Delete a message taken with 'hearth queue get', by its id and pop receipt."
        )
        @OptionGroup var options: ClientOptions
        @OptionGroup var target: QueueTargetOptions
        @Argument var queue: String
        @Argument var id: String
        @Argument var popReceipt: String

        func execute(_ client: ManagementClient) async throws {
            let path = try target.queuePath(queue) + "/messages/" + ManagementClient.segment(id)
            let response = try await client.send(.DELETE, path, query: [("popReceipt", popReceipt)])
            options.emit(response) { ["deleted message \(id)"] }
        }
    }

    struct Clear: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "Delete every message of a queue.")
        @OptionGroup var options: ClientOptions
        @OptionGroup var target: QueueTargetOptions
        @Argument var queue: String

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.DELETE, try target.queuePath(queue) + "/messages")
            try options.emit(response, as: ClearedMessagesDTO.self) { ["deleted \($0.deleted) messages from queue \(queue)"] }
        }
    }

    struct Length: ClientCommand {
        static let configuration = CommandConfiguration(abstract: "How many messages a queue holds (leased ones included).")
        @OptionGroup var options: ClientOptions
        @OptionGroup var target: QueueTargetOptions
        @Argument var queue: String

        func execute(_ client: ManagementClient) async throws {
            let response = try await client.send(.GET, try target.queuePath(queue))
            try options.emit(response, as: QueueDTO.self) { ["\($0.approximateMessageCount ?? 0)"] }
        }
    }
}
