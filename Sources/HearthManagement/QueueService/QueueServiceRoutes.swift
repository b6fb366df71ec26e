import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Hummingbird
import NIOCore

/// The queue service's operations over ``QueueStore``; the account is the one
/// ``QueueServiceAuthMiddleware`` authenticated. Answers as Azure's REST API does.
struct QueueServiceRoutes: Sendable {
    typealias Context = QueueServiceRequestContext

    let store: any QueueStore
    let now: @Sendable () -> Date
    /// Poked after a message is put, so a worker in the same process polls at once.
    var signals: QueueSignals? = nil

    // MARK: Service

    /// `GET /{account}?comp=list`: List Queues (`prefix`, `marker`, `maxresults`, `include=metadata`).
    @Sendable func service(_ request: Request, context: Context) async throws -> Response {
        let account = try context.requireAccount()
        let query = Self.query(request)
        guard query["comp"] == "list" else { throw QueueServiceError.unsupported }
        let prefix = query["prefix"]
        let marker = query["marker"]
        var maxResults = 5000
        if let text = query["maxresults"] {
            guard let value = Int(text), value >= 1 else { throw QueueServiceError.invalidQueryParameter("maxresults", text) }
            maxResults = min(value, 5000)
        }
        var queues = try await store.queues(accountID: account.id, prefix: prefix ?? "")
        if let marker { queues = queues.filter { $0.name.rawValue >= marker } }
        let nextMarker = queues.count > maxResults ? queues[maxResults].name.rawValue : nil
        let host = request.head.authority ?? "localhost"
        let xml = QueueServiceXML.queueList(
            serviceEndpoint: "http://\(host)/\(account.name)/",
            prefix: prefix,
            marker: marker,
            maxResults: query["maxresults"] == nil ? nil : maxResults,
            queues: Array(queues.prefix(maxResults)),
            includeMetadata: (query["include"] ?? "").split(separator: ",").contains("metadata"),
            nextMarker: nextMarker
        )
        return Self.xml(xml)
    }

    // MARK: Queues

    /// `PUT /{account}/{queue}`: Create Queue (201, 204 when it exists with the same metadata);
    /// with `?comp=metadata`: Set Queue Metadata (204).
    @Sendable func putQueue(_ request: Request, context: Context) async throws -> Response {
        let account = try context.requireAccount()
        let name = try QueueName(try context.parameters.require("queue"))
        let metadata = Self.metadata(request.headers)
        if Self.query(request)["comp"] == "metadata" {
            let queue = try await existingQueue(account, name)
            _ = try await store.setQueueMetadata(queueID: queue.id, metadata)
            return Response(status: .noContent)
        }
        let created = try await store.createQueue(QueueRecord(accountID: account.id, name: name, metadata: metadata, createdAt: now()))
        return Response(status: created ? .created : .noContent)
    }

    /// `GET /{account}/{queue}?comp=metadata`: Get Queue Metadata (its metadata and approximate length).
    @Sendable func getQueue(_ request: Request, context: Context) async throws -> Response {
        let account = try context.requireAccount()
        guard Self.query(request)["comp"] == "metadata" else { throw QueueServiceError.unsupported }
        let queue = try await existingQueue(account, try QueueName(try context.parameters.require("queue")))
        let length = try await store.queueLength(queueID: queue.id, at: now())
        var headers = HTTPFields()
        headers[HTTPField.Name("x-ms-approximate-messages-count")!] = String(length)
        for (name, value) in queue.metadata {
            if let field = HTTPField.Name("x-ms-meta-" + name) { headers[field] = value }
        }
        return Response(status: .ok, headers: headers)
    }

    /// `DELETE /{account}/{queue}`: Delete Queue with its messages (204).
    @Sendable func deleteQueue(_ request: Request, context: Context) async throws -> Response {
        let account = try context.requireAccount()
        let queue = try await existingQueue(account, try QueueName(try context.parameters.require("queue")))
        guard try await store.deleteQueue(id: queue.id) else { throw QueueServiceError.queueNotFound }
        return Response(status: .noContent)
    }

    // MARK: Messages

    /// `POST …/messages?visibilitytimeout=&messagettl=`: Put Message (201 with its id and pop receipt).
    @Sendable func putMessage(_ request: Request, context: Context) async throws -> Response {
        let queue = try await queue(context)
        let query = Self.query(request)
        let delay = try Self.seconds(query, "visibilitytimeout") ?? 0
        let ttl = try Self.seconds(query, "messagettl") ?? QueueMessageRules.defaultTimeToLive
        let text = try await Self.messageText(request, required: true) ?? ""
        let message = try await store.putMessage(
            queueID: queue.id,
            body: Data(text.utf8),
            visibilityDelay: delay,
            timeToLive: ttl == -1 ? nil : ttl,
            at: now()
        )
        signals?.poke()
        return Self.xml(QueueServiceXML.putMessageResult(message), status: .created)
    }

    /// `GET …/messages?numofmessages=&visibilitytimeout=`: Get Messages; with `peekonly=true`: Peek Messages.
    @Sendable func getMessages(_ request: Request, context: Context) async throws -> Response {
        let queue = try await queue(context)
        let query = Self.query(request)
        var count = 1
        if let text = query["numofmessages"] {
            guard let value = Int(text), (1...QueueMessageRules.maxMessagesPerCall).contains(value) else {
                throw QueueServiceError.invalidQueryParameter("numofmessages", text)
            }
            count = value
        }
        if query["peekonly"]?.lowercased() == "true" {
            let messages = try await store.peekMessages(queueID: queue.id, limit: count, at: now())
            return Self.xml(QueueServiceXML.messageList(messages, peeked: true))
        }
        let timeout = try Self.seconds(query, "visibilitytimeout") ?? QueueMessageRules.defaultVisibilityTimeout
        let messages = try await store.getMessages(queueID: queue.id, limit: count, visibilityTimeout: timeout, at: now())
        return Self.xml(QueueServiceXML.messageList(messages, peeked: false))
    }

    /// `DELETE …/messages`: Clear Messages (204).
    @Sendable func clearMessages(_ request: Request, context: Context) async throws -> Response {
        let queue = try await queue(context)
        _ = try await store.clearMessages(queueID: queue.id)
        return Response(status: .noContent)
    }

    /// `DELETE …/messages/{id}?popreceipt=`: Delete Message (204).
    @Sendable func deleteMessage(_ request: Request, context: Context) async throws -> Response {
        let queue = try await queue(context)
        let (id, receipt) = try Self.messageAndReceipt(request, context: context)
        do {
            try await store.deleteMessage(queueID: queue.id, id: id, popReceipt: receipt)
        } catch let error as StoreError where error.code == .notFound {
            throw QueueServiceError.messageNotFound
        }
        return Response(status: .noContent)
    }

    /// `PUT …/messages/{id}?popreceipt=&visibilitytimeout=`: Update Message, its text too when a
    /// body is sent (204 with `x-ms-popreceipt` and `x-ms-time-next-visible`).
    @Sendable func updateMessage(_ request: Request, context: Context) async throws -> Response {
        let queue = try await queue(context)
        let (id, receipt) = try Self.messageAndReceipt(request, context: context)
        guard let timeout = try Self.seconds(Self.query(request), "visibilitytimeout") else {
            throw QueueServiceError.missingQueryParameter("visibilitytimeout")
        }
        let text = try await Self.messageText(request, required: false)
        let lease: QueueMessageLease
        do {
            lease = try await store.updateMessage(
                queueID: queue.id,
                id: id,
                popReceipt: receipt,
                visibilityTimeout: timeout,
                body: text.map { Data($0.utf8) },
                at: now()
            )
        } catch let error as StoreError where error.code == .notFound {
            throw QueueServiceError.messageNotFound
        }
        var headers = HTTPFields()
        headers[HTTPField.Name("x-ms-popreceipt")!] = lease.popReceipt
        headers[HTTPField.Name("x-ms-time-next-visible")!] = QueueHTTPDate.format(lease.nextVisibleAt)
        return Response(status: .noContent, headers: headers)
    }

    // MARK: Helpers

    private func existingQueue(_ account: QueueAccount, _ name: QueueName) async throws -> QueueRecord {
        guard let queue = try await store.queue(accountID: account.id, name: name) else { throw QueueServiceError.queueNotFound }
        return queue
    }

    private func queue(_ context: Context) async throws -> QueueRecord {
        try await existingQueue(try context.requireAccount(), try QueueName(try context.parameters.require("queue")))
    }

    /// The query's parameters, names lower-cased, values decoded (the first of each name).
    static func query(_ request: Request) -> [String: String] {
        let signed = QueueSignedRequest(method: "", path: "", query: request.uri.query ?? "", headers: [])
        var values: [String: String] = [:]
        for (name, value) in signed.queryParameters where values[name] == nil { values[name] = value }
        return values
    }

    /// A whole number of seconds from the query, or `nil` when absent.
    static func seconds(_ query: [String: String], _ name: String) throws -> TimeInterval? {
        guard let text = query[name] else { return nil }
        guard let value = Int(text) else { throw QueueServiceError.invalidQueryParameter(name, text) }
        return TimeInterval(value)
    }

    /// The `x-ms-meta-*` headers, without the prefix.
    static func metadata(_ headers: HTTPFields) -> [String: String] {
        var metadata: [String: String] = [:]
        for field in headers where field.name.canonicalName.hasPrefix("x-ms-meta-") {
            metadata[String(field.name.rawName.dropFirst("x-ms-meta-".count))] = field.value
        }
        return metadata
    }

    static func messageAndReceipt(_ request: Request, context: Context) throws -> (UUID, String) {
        let text = try context.parameters.require("id")
        guard let id = UUID(uuidString: text) else { throw QueueServiceError.messageNotFound }
        guard let receipt = query(request)["popreceipt"], !receipt.isEmpty else {
            throw QueueServiceError.missingQueryParameter("popreceipt")
        }
        return (id, receipt)
    }

    /// The `MessageText` of the request's XML body; `nil` for an empty body unless `required`.
    static func messageText(_ request: Request, required: Bool) async throws -> String? {
        let buffer = try await request.body.collect(upTo: QueueServiceEndpoint.maxBodyBytes)
        let body = Data(buffer.readableBytesView)
        if body.isEmpty, !required { return nil }
        guard let text = QueueServiceXML.messageText(in: body) else { throw QueueServiceError.invalidXML }
        return text
    }

    static func xml(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/xml"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
