/// host.json's queue trigger settings: `extensions.queues` (v2+), or v1's top-level `queues`.
///
/// Defaults are Azure's (the Storage queues extension's `QueuesOptions`).
public struct QueuesConfiguration: Sendable, Hashable {
    /// How the text of a queue message maps to what a function receives or writes.
    public enum MessageEncoding: String, Sendable, Hashable {
        /// The text is base64 of the content (Azure's default).
        case base64
        /// The text is the content.
        case none
    }

    /// `batchSize`: messages taken at once per function (1-32).
    public var batchSize: Int
    /// `newBatchThreshold`: a new batch is fetched once this many or fewer messages of the function
    /// run; `nil` = Azure's default, `cores × batchSize / 2` (``effectiveNewBatchThreshold(cores:)``).
    public var newBatchThreshold: Int?
    /// `maxDequeueCount`: failed attempts before a message moves to `<queue>-poison` (at least 1).
    public var maxDequeueCount: Int
    /// `visibilityTimeout`: how long a failed message stays invisible before it is retried.
    public var visibilityTimeout: Duration
    /// `maxPollingInterval`: the longest wait between polls of an empty queue (at least 100 ms).
    public var maxPollingInterval: Duration
    /// `messageEncoding`.
    public var messageEncoding: MessageEncoding

    public static let defaultBatchSize = 16
    public static let maxBatchSize = 32
    public static let defaultMaxDequeueCount = 5
    public static let defaultMaxPollingInterval: Duration = .seconds(60)
    public static let minimumPollingInterval: Duration = .milliseconds(100)

    public init(
        batchSize: Int = QueuesConfiguration.defaultBatchSize,
        newBatchThreshold: Int? = nil,
        maxDequeueCount: Int = QueuesConfiguration.defaultMaxDequeueCount,
        visibilityTimeout: Duration = .zero,
        maxPollingInterval: Duration = QueuesConfiguration.defaultMaxPollingInterval,
        messageEncoding: MessageEncoding = .base64
    ) {
        self.batchSize = batchSize
        self.newBatchThreshold = newBatchThreshold
        self.maxDequeueCount = maxDequeueCount
        self.visibilityTimeout = visibilityTimeout
        self.maxPollingInterval = maxPollingInterval
        self.messageEncoding = messageEncoding
    }

    /// `newBatchThreshold`, or Azure's default for a machine with `cores` cores.
    public func effectiveNewBatchThreshold(cores: Int) -> Int {
        newBatchThreshold ?? max(1, cores) * batchSize / 2
    }
}
