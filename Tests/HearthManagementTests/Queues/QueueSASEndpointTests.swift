import Foundation
import HTTPTypes
import HearthCore
import HearthStore
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import HearthManagement

/// The queue endpoint with shared access signatures, in memory: a SAS that covers the request
/// runs it; an expired, tampered, HTTPS-only or too narrow one is a 403 in Azure's XML with Azure's
/// code, and changes nothing.
@Suite struct QueueSASEndpointTests {
    /// A queue SAS for `orders` signed with `key` (the 2026-10-06 string to sign).
    static func queueSAS(account: String, key: Data, permissions: String, expiry: Date, httpsOnly: Bool = false) -> String {
        let expiryText = ISO8601DateFormatter().string(from: expiry)
        let token = QueueSASToken(
            kind: .queue,
            version: "2026-10-06",
            permissions: permissions,
            start: nil,
            expiry: expiryText,
            ip: nil,
            protocols: httpsOnly ? "https" : nil,
            services: nil,
            resourceTypes: nil,
            identifier: nil,
            encryptionScope: nil,
            signature: "",
            startDate: nil,
            expiryDate: expiry,
            ipRange: nil,
            httpsOnly: httpsOnly
        )
        let signature = QueueSharedKey.signature(token.stringToSign(account: account, queue: "orders"), key: key)
        var query = "sv=2026-10-06&sp=\(permissions)&se=\(expiryText.replacingOccurrences(of: ":", with: "%3A"))"
        if httpsOnly { query += "&spr=https" }
        let encoded = signature.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? signature
        return query + "&sig=" + encoded
    }

    /// A fresh instance with an app's tenant's default account and its queue `orders`.
    static func accountWithQueue() async throws -> (TestInstance, QueueAccount, QueueAccountKeys, QueueRecord) {
        let instance = try await TestInstance()
        let app = try await instance.seedApp()
        let now = Date()
        let account = try await instance.store.defaultQueueAccount(tenantID: app.tenantID, at: now)
        let keys = try #require(try await instance.store.queueAccountKeys(accountID: account.id))
        let queue = QueueRecord(accountID: account.id, name: try QueueName("orders"), createdAt: now)
        _ = try await instance.store.createQueue(queue)
        return (instance, account, keys, queue)
    }

    @Test func aQueueSASRunsWhatItCoversAndNothingElse() async throws {
        let (instance, account, keys, queue) = try await Self.accountWithQueue()
        let now = queue.createdAt
        let name = account.name
        let addOnly = Self.queueSAS(account: name, key: keys.secondary, permissions: "a", expiry: now.addingTimeInterval(3600))
        let expired = Self.queueSAS(account: name, key: keys.primary, permissions: "raup", expiry: now.addingTimeInterval(-60))
        let tampered = addOnly.replacingOccurrences(of: "sp=a&", with: "sp=raup&")
        let httpsOnly = Self.queueSAS(account: name, key: keys.primary, permissions: "raup", expiry: now.addingTimeInterval(3600), httpsOnly: true)

        let endpoint = QueueServiceEndpoint(store: instance.store, logger: Logger(label: "test"), now: { now })
        let application = Application(router: endpoint.buildRouter(), configuration: .init(), logger: Logger(label: "test"))
        try await application.test(.router) { client in
            let body = ByteBuffer(string: "<QueueMessage><MessageText>hello</MessageText></QueueMessage>")
            let put = try await client.execute(uri: "/\(name)/orders/messages?\(addOnly)", method: .post, body: body)
            #expect(put.status == .created)

            let refusals: [(String, HTTPRequest.Method, String, String)] = [
                (addOnly, .get, "/\(name)/orders/messages?peekonly=true&", "AuthorizationPermissionMismatch"),
                (addOnly, .delete, "/\(name)/orders/messages?", "AuthorizationPermissionMismatch"),
                (addOnly, .delete, "/\(name)/orders?", "AuthorizationPermissionMismatch"),
                (expired, .delete, "/\(name)/orders/messages?", "AuthenticationFailed"),
                (tampered, .delete, "/\(name)/orders/messages?", "AuthenticationFailed"),
                (httpsOnly, .delete, "/\(name)/orders/messages?", "AuthorizationProtocolMismatch"),
                (expired, .post, "/\(name)/orders/messages?", "AuthenticationFailed"),
            ]
            for (sas, method, path, code) in refusals {
                let refused = try await client.execute(uri: path + sas, method: method, body: body)
                #expect(refused.status == .forbidden, "\(method) \(path)")
                #expect(refused.headers[HTTPField.Name("x-ms-error-code")!] == code, "\(method) \(path)")
                #expect(String(buffer: refused.body).contains("<Code>\(code)</Code>"), "\(String(buffer: refused.body))")
            }
        }
        #expect(try await instance.store.queueLength(queueID: queue.id, at: now) == 1)
        #expect(try await instance.store.queue(accountID: account.id, name: try QueueName("orders")) != nil)
    }

    @Test func anHTTPSOnlySASWorksWhenTheListenerServesTLS() async throws {
        let (instance, account, keys, queue) = try await Self.accountWithQueue()
        let now = queue.createdAt
        _ = try await instance.store.putMessage(queueID: queue.id, body: Data("x".utf8), visibilityDelay: 0, timeToLive: nil, at: now)
        let sas = Self.queueSAS(account: account.name, key: keys.primary, permissions: "p", expiry: now.addingTimeInterval(3600), httpsOnly: true)

        let endpoint = QueueServiceEndpoint(store: instance.store, logger: Logger(label: "test"), now: { now })
        let application = Application(router: endpoint.buildRouter(isHTTPS: true), configuration: .init(), logger: Logger(label: "test"))
        try await application.test(.router) { client in
            let cleared = try await client.execute(uri: "/\(account.name)/orders/messages?\(sas)", method: .delete)
            #expect(cleared.status == .noContent)
        }
        #expect(try await instance.store.queueLength(queueID: queue.id, at: now) == 0)
    }
}
