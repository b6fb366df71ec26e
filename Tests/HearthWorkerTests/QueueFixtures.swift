import Crypto
import Foundation
import HearthCore
import HearthPackages
import HearthStore

@testable import HearthWorker

/// What the queue-binding suites share: an app's files written to disk, and one message of a
/// queue-triggered function.
enum QueueFixtures {
    /// Writes `files` (relative path → text) below `directory`.
    static func write(_ files: [String: String], to directory: URL) throws {
        for (path, text) in files {
            let file = directory.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
        }
    }

    /// Creates `tenant` and `app` with `settings` in `store`, and makes the zipped `folder` the
    /// app's active deployment.
    static func deploy(_ folder: URL, as app: AppRecord, of tenant: Tenant, settings: [AppSetting], in store: SQLiteStore) async throws {
        let zip = try PackageArchive.zipFolder(folder)
        let sha = SHA256.hash(data: zip).map { String(format: "%02x", $0) }.joined()
        try await store.createTenant(tenant)
        try await store.createApp(app)
        try await store.putSettings(appID: app.id, settings)
        try await store.putPackage(sha256: sha, content: zip)
        let deployment = Deployment(appID: app.id, packageSHA256: sha, packageSize: zip.count, status: .succeeded)
        try await store.createDeployment(deployment)
        try await store.activateDeployment(appID: app.id, deploymentID: deployment.id)
    }

    /// An HTTP function whose `$return` is its response, with a queue output `msg`.
    static let submit = FunctionDefinition(
        name: "Submit",
        bindings: [
            BindingDefinition(name: "req", type: "httpTrigger", direction: .in),
            BindingDefinition(name: "$return", type: "http", direction: .out),
            BindingDefinition(name: "msg", type: "queue", direction: .out),
        ],
        trigger: .http(
            try! HTTPTriggerDefinition(bindingName: "req", route: RouteTemplate(parsing: "submit"), outputBindingName: "$return")
        ),
        scriptFile: "__init__.py"
    )

    static let messageID = UUID(uuidString: "6F4D3C2B-1A09-4F8E-9D7C-6B5A49382716")!

    /// A message of `function` (a queue function) taken a second time at 2024-12-06T07:33:08Z,
    /// visible again 30 s later, never expiring.
    static func call(
        _ function: FunctionDefinition,
        content: Data,
        insertedAt: Date = Date(timeIntervalSince1970: 1_733_470_388),
        popReceipt: String? = "receipt-of-the-lease"
    ) -> QueueInvocation {
        let message = QueueMessage(
            id: messageID,
            queueID: UUID(),
            body: content,
            insertedAt: insertedAt,
            expiresAt: QueueMessage.neverExpires,
            nextVisibleAt: Date(timeIntervalSince1970: 1_733_470_418),
            dequeueCount: 2,
            popReceipt: popReceipt
        )
        guard case .queue(let trigger) = function.trigger else { preconditionFailure("\(function.name) is not a queue function") }
        return QueueInvocation(function: function, trigger: trigger, message: message, content: content, invocationID: UUID())
    }
}
