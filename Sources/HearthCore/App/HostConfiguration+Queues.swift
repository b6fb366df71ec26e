extension HostConfiguration {
    /// Reads `extensions.queues`, or, when the document has none, v1's top-level `queues` (where
    /// a number for `maxPollingInterval` is milliseconds). Bad values are errors naming the key
    /// and the allowed range; unknown keys are warnings.
    static func parseQueues(_ json: JSONValue, file: String, issues: inout IssueCollector) -> QueuesConfiguration {
        let section: JSONValue
        let path: String
        let legacy: Bool
        if let value = json["extensions"]?["queues"] {
            section = value
            path = "$.extensions.queues"
            legacy = false
        } else if let value = json["queues"] {
            section = value
            path = "$.queues"
            legacy = true
        } else {
            return QueuesConfiguration()
        }
        var queues = QueuesConfiguration()
        guard case .object(let entries) = section else {
            if section != .null {
                issues.error(
                    file,
                    path,
                    "\(path.dropFirst(2)) is \(section.typeDescription), not an object",
                    fix: #"write an object such as {"batchSize": 16, "maxPollingInterval": "00:00:02"}"#
                )
            }
            return queues
        }
        for (key, value) in entries where value != .null {
            let keyPath = "\(path).\(key)"
            switch key.lowercased() {
            case "batchsize":
                if let n = whole(value, key: key, range: 1...QueuesConfiguration.maxBatchSize, path: keyPath, file: file, issues: &issues) {
                    queues.batchSize = n
                }
            case "newbatchthreshold":
                if let n = whole(value, key: key, range: 0...Int(Int32.max), path: keyPath, file: file, issues: &issues) {
                    queues.newBatchThreshold = n
                }
            case "maxdequeuecount":
                if let n = whole(value, key: key, range: 1...Int(Int32.max), path: keyPath, file: file, issues: &issues) {
                    queues.maxDequeueCount = n
                }
            case "visibilitytimeout":
                if let d = span(value, key: key, minimum: .zero, legacyMilliseconds: false, path: keyPath, file: file, issues: &issues) {
                    queues.visibilityTimeout = d
                }
            case "maxpollinginterval":
                let minimum = QueuesConfiguration.minimumPollingInterval
                if let d = span(value, key: key, minimum: minimum, legacyMilliseconds: legacy, path: keyPath, file: file, issues: &issues) {
                    queues.maxPollingInterval = d
                }
            case "messageencoding":
                if let text = value.stringValue, let encoding = QueuesConfiguration.MessageEncoding(rawValue: text.lowercased()) {
                    queues.messageEncoding = encoding
                } else {
                    issues.error(
                        file,
                        keyPath,
                        "\(key) is \(value.serialized(pretty: false)); it must be \"base64\" or \"none\"",
                        fix: #"write "messageEncoding": "base64" (Azure's default) or "none""#
                    )
                }
            default:
                issues.warning(
                    file,
                    keyPath,
                    "queue setting '\(key)' is not one Hearth uses; it is ignored",
                    fix: "remove it or check its spelling (batchSize, newBatchThreshold, maxDequeueCount, visibilityTimeout, "
                        + "maxPollingInterval, messageEncoding)"
                )
            }
        }
        return queues
    }

    private static func whole(
        _ value: JSONValue,
        key: String,
        range: ClosedRange<Int>,
        path: String,
        file: String,
        issues: inout IssueCollector
    ) -> Int? {
        if let n = value.intValue, range.contains(n) { return n }
        let upper = range.upperBound == Int(Int32.max) ? "or more" : "to \(range.upperBound)"
        issues.error(
            file,
            path,
            "\(key) is \(value.serialized(pretty: false)); it must be a whole number from \(range.lowerBound) \(upper)",
            fix: "write a whole number from \(range.lowerBound) \(upper)"
        )
        return nil
    }

    private static func span(
        _ value: JSONValue,
        key: String,
        minimum: Duration,
        legacyMilliseconds: Bool,
        path: String,
        file: String,
        issues: inout IssueCollector
    ) -> Duration? {
        var duration: Duration?
        if let text = value.stringValue {
            duration = TimeSpanParser.parse(text)
        } else if legacyMilliseconds, let milliseconds = value.doubleValue, milliseconds.isFinite {
            duration = .milliseconds(Int64(milliseconds.rounded()))
        }
        let least = minimum == .zero ? "00:00:00" : "\(minimum.formattedSeconds) (\"00:00:00.1\")"
        guard let duration else {
            issues.error(
                file,
                path,
                "\(key) is \(value.serialized(pretty: false)), not a time span (hh:mm:ss)"
                    + (legacyMilliseconds ? " or a number of milliseconds" : ""),
                fix: "write a time span of at least \(least), such as \"00:00:02\""
            )
            return nil
        }
        guard duration >= minimum else {
            issues.error(
                file,
                path,
                "\(key) is \(value.serialized(pretty: false)); it must be at least \(least)",
                fix: "write a time span of at least \(least), such as \"00:00:02\""
            )
            return nil
        }
        return duration
    }
}

extension Duration {
    /// `0.1 s`, `2 s`: seconds as a short text for messages.
    fileprivate var formattedSeconds: String {
        let seconds = timeInterval
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}
