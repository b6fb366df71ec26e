import Foundation
import HearthCore
import HearthStore
import Hummingbird
import Logging

/// Queues and their messages, under two prefixes that address a queue account:
/// `/api/apps/{app}/queues` (the default account of the app's tenant, made when first used) and
/// `/api/queue-accounts/{account}/queues` (any account of a tenant the caller may see).
///
/// Below either: `GET` lists queues; `PUT /{queue}` creates one (201, or 200 when it existed),
/// `GET /{queue}` shows it with its length, `DELETE /{queue}` deletes it with its messages;
/// `POST /{queue}/messages` puts a message, `GET /{queue}/messages?count=N` peeks,
/// `POST /{queue}/leases` takes messages under a lease (Azure's get), `DELETE
/// /{queue}/messages/{id}?popReceipt=R` deletes one, `DELETE /{queue}/messages` clears the queue.
///
/// Another tenant's app or account is 404, as if it did not exist. Reading (list, show, peek)
/// needs any role; everything else a role that may write. Invalid input (a name Azure refuses, a
/// message over 64 KiB, a timeout out of range) is 400 and changes nothing.
struct QueueRoutes {
    let store: any ManagementStore
    /// Poked after a message is put (see ``ManagementConfiguration/queueSignals``).
    var signals: QueueSignals?

    func register(on group: RouterGroup<ManagementRequestContext>) {
        for base in ["apps/:app/queues", "queue-accounts/:account/queues"] {
            group.get(RouterPath(base), use: list)
            group.put(RouterPath(base + "/:queue"), use: create)
            group.get(RouterPath(base + "/:queue"), use: show)
            group.delete(RouterPath(base + "/:queue"), use: delete)
            group.post(RouterPath(base + "/:queue/messages"), use: put)
            group.get(RouterPath(base + "/:queue/messages"), use: peek)
            group.delete(RouterPath(base + "/:queue/messages"), use: clear)
            group.delete(RouterPath(base + "/:queue/messages/:id"), use: deleteMessage)
            group.post(RouterPath(base + "/:queue/leases"), use: lease)
        }
    }

    // MARK: Queues

    @Sendable func list(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        switch try await resolveAccount(context, creating: false) {
        case .account(let account):
            let queues = try await store.queues(accountID: account.id, prefix: request.uri.queryParameters.get("prefix") ?? "")
            return try JSONResponse.make(QueueListDTO(account: account.name, queues: queues.map { QueueDTO($0, account: account) }))
        case .noDefaultYet(let tenant):
            return try JSONResponse.make(QueueListDTO(account: QueueAccount.defaultName(tenant: tenant), queues: []))
        }
    }

    @Sendable func create(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let name = try QueueName(try context.parameter("queue"))
        try principal.requireWrite("create queues")
        let account = try await resolveAccount(context, creating: true).existing
        let queue = QueueRecord(accountID: account.id, name: name)
        let created = try await store.createQueue(queue)
        context.logger.info("queue created", metadata: ["account": "\(account.name)", "queue": "\(name)", "new": "\(created)"])
        let stored = try await store.queue(accountID: account.id, name: name) ?? queue
        return try JSONResponse.make(QueueDTO(stored, account: account), status: created ? .created : .ok)
    }

    @Sendable func show(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let (account, queue) = try await resolveQueue(context)
        let length = try await store.queueLength(queueID: queue.id, at: Date())
        return try JSONResponse.make(QueueDTO(queue, account: account, length: length))
    }

    @Sendable func delete(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireWrite("delete queues")
        let (account, queue) = try await resolveQueue(context)
        guard try await store.deleteQueue(id: queue.id) else { throw Self.noQueue(queue.name, account) }
        context.logger.info("queue deleted", metadata: ["account": "\(account.name)", "queue": "\(queue.name)"])
        return JSONResponse.noContent()
    }

    // MARK: Messages

    @Sendable func put(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireWrite("put messages")
        let (_, queue) = try await resolveQueue(context)
        let body = try await RequestBodyReader.decode(PutMessageRequest.self, from: request)
        let timeToLive = body.timeToLive ?? QueueMessageRules.defaultTimeToLive
        let message = try await store.putMessage(
            queueID: queue.id,
            body: Data(body.text.utf8),
            visibilityDelay: body.visibilityTimeout ?? 0,
            timeToLive: timeToLive == -1 ? nil : timeToLive,
            at: Date()
        )
        signals?.poke()
        return try JSONResponse.make(QueueMessageDTO(message), status: .created)
    }

    @Sendable func peek(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let (_, queue) = try await resolveQueue(context)
        let count = try Self.count(request.uri.queryParameters.get("count"))
        let messages = try await store.peekMessages(queueID: queue.id, limit: count, at: Date())
        return try JSONResponse.make(QueueMessageListDTO(messages: messages.map(QueueMessageDTO.init)))
    }

    @Sendable func lease(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireWrite("take messages")
        let (_, queue) = try await resolveQueue(context)
        let body = try await Self.optionalBody(LeaseMessagesRequest.self, request) ?? LeaseMessagesRequest()
        let messages = try await store.getMessages(
            queueID: queue.id,
            limit: body.count ?? 1,
            visibilityTimeout: body.visibilityTimeout ?? QueueMessageRules.defaultVisibilityTimeout,
            at: Date()
        )
        return try JSONResponse.make(QueueMessageListDTO(messages: messages.map(QueueMessageDTO.init)))
    }

    @Sendable func deleteMessage(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireWrite("delete messages")
        let (_, queue) = try await resolveQueue(context)
        let text = try context.parameter("id")
        guard let id = UUID(uuidString: text) else {
            throw ManagementError(.badRequest, "'\(text)' is not a message id; message ids are GUIDs, as 'hearth queue get' prints them")
        }
        guard let receipt = request.uri.queryParameters.get("popReceipt"), !receipt.isEmpty else {
            throw ManagementError(.badRequest, "deleting a message needs ?popReceipt=… from the get that took it")
        }
        try await store.deleteMessage(queueID: queue.id, id: id, popReceipt: receipt)
        return JSONResponse.noContent()
    }

    @Sendable func clear(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try principal.requireWrite("clear queues")
        let (account, queue) = try await resolveQueue(context)
        let deleted = try await store.clearMessages(queueID: queue.id)
        context.logger.info("queue cleared", metadata: ["account": "\(account.name)", "queue": "\(queue.name)", "messages": "\(deleted)"])
        return try JSONResponse.make(ClearedMessagesDTO(deleted: deleted))
    }

    // MARK: Helpers

    /// What a route's account path names: an account, or an app whose tenant has no default
    /// account yet (so it has no queues).
    enum ResolvedAccount {
        case account(QueueAccount)
        case noDefaultYet(Tenant)

        /// The account; only a route that may create it (`creating: true`) relies on this.
        var existing: QueueAccount {
            get throws {
                switch self {
                case .account(let account): return account
                case .noDefaultYet(let tenant):
                    throw ManagementError(.notFound, "tenant '\(tenant.name)' has no queues yet; create one with 'hearth queue create'")
                }
            }
        }
    }

    /// The account the route addresses: the default account of the app's tenant, or the named
    /// account if the caller may see its tenant (404 otherwise, the same as an unknown one).
    ///
    /// The default account is made only when `creating` (a queue is being created, after the
    /// caller's right to write was checked): reads change nothing, and a refused request makes no
    /// account.
    func resolveAccount(_ context: ManagementRequestContext, creating: Bool) async throws -> ResolvedAccount {
        let principal = try context.requirePrincipal()
        if context.parameters.get("app") != nil {
            let app = try await store.visibleApp(named: try context.parameter("app"), for: principal)
            if creating { return .account(try await store.defaultQueueAccount(tenantID: app.tenantID, at: Date())) }
            if let account = try await store.queueAccounts(tenantID: app.tenantID).first(where: \.isDefault) { return .account(account) }
            guard let tenant = try await store.tenant(id: app.tenantID) else {
                throw ManagementError(.notFound, "there is no app named '\(app.name)'")
            }
            return .noDefaultYet(tenant)
        }
        let name = try context.parameter("account")
        guard let account = try await store.queueAccount(named: name.lowercased()), principal.canSee(tenantID: account.tenantID) else {
            throw ManagementError(.notFound, "there is no queue account named '\(name)'")
        }
        return .account(account)
    }

    /// The account and the existing queue the route addresses.
    func resolveQueue(_ context: ManagementRequestContext) async throws -> (QueueAccount, QueueRecord) {
        let name = try QueueName(try context.parameter("queue"))
        let account = try await resolveAccount(context, creating: false).existing
        guard let queue = try await store.queue(accountID: account.id, name: name) else { throw Self.noQueue(name, account) }
        return (account, queue)
    }

    static func noQueue(_ name: QueueName, _ account: QueueAccount) -> ManagementError {
        ManagementError(.notFound, "there is no queue named '\(name)' in queue account '\(account.name)'; create it with 'hearth queue create'")
    }

    /// `?count=` of a peek: 1 when absent, else 1-32.
    static func count(_ text: String?) throws -> Int {
        guard let text else { return 1 }
        guard let count = Int(text) else {
            throw ManagementError(.badRequest, "count must be a whole number from 1 to \(QueueMessageRules.maxMessagesPerCall); it was '\(text)'")
        }
        try QueueMessageRules.validate(count: count)
        return count
    }

    /// A JSON body that may be left out.
    static func optionalBody<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T? {
        let data = try await RequestBodyReader.collect(request, limit: RequestBodyReader.maxJSONBytes, what: "JSON body")
        guard !data.isEmpty else { return nil }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw ManagementError(.invalidJSON, "the request body is not the JSON this call takes: \(error.localizedDescription)")
        }
    }
}
