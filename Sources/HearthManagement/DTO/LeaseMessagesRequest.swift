/// `POST …/queues/{queue}/leases`: take up to `count` messages (1-32, default 1), invisible to
/// others for `visibilityTimeout` seconds (1 s … 7 days, default 30).
package struct LeaseMessagesRequest: Codable, Sendable {
    package var count: Int?
    package var visibilityTimeout: Double?

    package init(count: Int? = nil, visibilityTimeout: Double? = nil) {
        self.count = count
        self.visibilityTimeout = visibilityTimeout
    }
}
