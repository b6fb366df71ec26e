/// The queue service operation a request performs, as far as shared access signatures care: what
/// permission (and, for an account SAS, what resource type) it needs.
///
/// Account SAS (learn.microsoft.com/rest/api/storageservices/create-account-sas): List Queues is
/// service-level with `l`; Create Queue needs `c` or `w`, Delete Queue `d`, Get Queue Metadata `r`,
/// Set Queue Metadata `w`, each container-level; Put Message `a`, Get Messages `p`, Peek `r`,
/// Delete Message `p`, Update Message `u`, Clear Messages `d`, each object-level.
///
/// Queue (service) SAS (learn.microsoft.com/rest/api/storageservices/create-service-sas): `r` reads
/// metadata and peeks, `a` adds, `u` updates, `p` gets and deletes messages. Azure lists no queue
/// SAS permission for Clear Messages; Hearth lets `p` clear, as it deletes messages. Creating,
/// deleting or listing queues and setting metadata need an account SAS or the key.
enum QueueSASOperation: Equatable, Sendable {
    case listQueues
    case createQueue
    case deleteQueue
    case getQueueMetadata
    case setQueueMetadata
    case putMessage
    case getMessages
    case peekMessages
    case deleteMessage
    case updateMessage
    case clearMessages

    /// The operation of a request with `method` on the path-style `path` (`/{account}/…`), or
    /// `nil` for a request the endpoint does not serve (the route answers it).
    init?(method: String, path: String, query: [String: String]) {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        let method = method.uppercased()
        let metadata = query["comp"] == "metadata"
        switch (segments.count, method) {
        case (1, "GET"): self = .listQueues
        case (2, "PUT"): self = metadata ? .setQueueMetadata : .createQueue
        case (2, "GET"), (2, "HEAD"): self = .getQueueMetadata
        case (2, "DELETE"): self = .deleteQueue
        case (3, "POST") where segments[2] == "messages": self = .putMessage
        case (3, "GET") where segments[2] == "messages": self = query["peekonly"]?.lowercased() == "true" ? .peekMessages : .getMessages
        case (3, "DELETE") where segments[2] == "messages": self = .clearMessages
        case (4, "PUT") where segments[2] == "messages": self = .updateMessage
        case (4, "DELETE") where segments[2] == "messages": self = .deleteMessage
        default: return nil
        }
    }

    /// The account SAS resource type (`s`, `c` or `o`) the operation needs.
    var accountResourceType: Character {
        switch self {
        case .listQueues: "s"
        case .createQueue, .deleteQueue, .getQueueMetadata, .setQueueMetadata: "c"
        default: "o"
        }
    }

    /// The account SAS permissions of which the operation needs one.
    var accountPermissions: Set<Character> {
        switch self {
        case .listQueues: ["l"]
        case .createQueue: ["c", "w"]
        case .deleteQueue, .clearMessages: ["d"]
        case .getQueueMetadata, .peekMessages: ["r"]
        case .setQueueMetadata: ["w"]
        case .putMessage: ["a"]
        case .getMessages, .deleteMessage: ["p"]
        case .updateMessage: ["u"]
        }
    }

    /// The queue SAS permissions of which the operation needs one (none: a queue SAS cannot do it).
    var queuePermissions: Set<Character> {
        switch self {
        case .getQueueMetadata, .peekMessages: ["r"]
        case .putMessage: ["a"]
        case .updateMessage: ["u"]
        case .getMessages, .deleteMessage, .clearMessages: ["p"]
        case .listQueues, .createQueue, .deleteQueue, .setQueueMetadata: []
        }
    }
}
