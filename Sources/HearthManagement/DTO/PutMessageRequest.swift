/// `POST …/queues/{queue}/messages`: the text, and optionally how long it stays invisible
/// (seconds, 0 … 7 days, default 0) and how long it lives (seconds, -1 for never, default 7 days).
package struct PutMessageRequest: Codable, Sendable {
    package var text: String
    package var visibilityTimeout: Double?
    package var timeToLive: Double?

    package init(text: String, visibilityTimeout: Double? = nil, timeToLive: Double? = nil) {
        self.text = text
        self.visibilityTimeout = visibilityTimeout
        self.timeToLive = timeToLive
    }
}
