import ArgumentParser
import HearthCore

/// Which queue account a `hearth queue` command addresses: an app's (`--app`, the default
/// account of the app's tenant) or a named one (`--account`).
struct QueueTargetOptions: ParsableArguments {
    @Option(help: "An app: use the default queue account of the app's tenant.") var app: String?
    @Option(help: "A queue account by name.") var account: String?

    func validate() throws {
        guard (app == nil) != (account == nil) else {
            throw ValidationError("give --app APP (the app's tenant's default queue account) or --account NAME, one of them")
        }
    }

    /// `/api/apps/{app}/queues` or `/api/queue-accounts/{account}/queues`.
    var collectionPath: String {
        if let app { return "/api/apps/\(ManagementClient.segment(app))/queues" }
        return "/api/queue-accounts/\(ManagementClient.segment(account ?? ""))/queues"
    }

    /// The path of one queue, after checking the name as the server will (so a bad name fails
    /// before anything is sent).
    func queuePath(_ queue: String) throws -> String {
        do {
            _ = try QueueName(queue)
        } catch {
            throw ValidationError(error.description)
        }
        return collectionPath + "/" + ManagementClient.segment(queue)
    }
}
