internal import Foundation
internal import HearthCore

/// Fact sheet §2 as a table: every v1 host.json section that moves, where it goes, and renamed sub-keys.
struct HostJSONRules {
    /// The v1 root key (matched case-insensitively).
    var key: String
    var rule: String
    /// Where the section goes in a 2.0 file.
    var destination: [String]
    /// Lowercased v1 sub-key → path relative to `destination`.
    var renames: [String: [String]] = [:]
    /// Lowercase the first letter of sub-keys not in `renames` (Durable 1.x PascalCase → 2.x camelCase).
    var camelCaseOthers = false

    static let table: [HostJSONRules] = [
        .init(key: "http", rule: "host.http", destination: ["extensions", "http"]),
        .init(key: "queues", rule: "host.queues", destination: ["extensions", "queues"]),
        .init(
            key: "serviceBus",
            rule: "host.service-bus",
            destination: ["extensions", "serviceBus"],
            renames: [
                "autorenewtimeout": ["maxAutoLockRenewalDuration"],
                "autocomplete": ["autoCompleteMessages"],
            ]
        ),
        .init(
            key: "eventHub",
            rule: "host.event-hub",
            destination: ["extensions", "eventHubs"],
            renames: [
                "maxbatchsize": ["maxEventBatchSize"]
            ]
        ),
        .init(key: "documentDB", rule: "host.document-db", destination: ["extensions", "cosmosDB"]),
        .init(key: "sendGrid", rule: "host.send-grid", destination: ["extensions", "sendGrid"]),
        .init(
            key: "durableTask",
            rule: "host.durable-task",
            destination: ["extensions", "durableTask"],
            renames: [
                "hubname": ["hubName"],
                "controlqueuebatchsize": ["storageProvider", "controlQueueBatchSize"],
                "partitioncount": ["storageProvider", "partitionCount"],
                "controlqueuevisibilitytimeout": ["storageProvider", "controlQueueVisibilityTimeout"],
                "workitemqueuevisibilitytimeout": ["storageProvider", "workItemQueueVisibilityTimeout"],
                "azurestorageconnectionstringname": ["storageProvider", "connectionStringName"],
                "maxconcurrentactivityfunctions": ["maxConcurrentActivityFunctions"],
                "maxconcurrentorchestratorfunctions": ["maxConcurrentOrchestratorFunctions"],
                "traceinputsandoutputs": ["tracing", "traceInputsAndOutputs"],
                "logreplayevents": ["tracing", "traceReplayEvents"],
                "eventgridtopicendpoint": ["notifications", "eventGrid", "topicEndpoint"],
                "eventgridkeysettingname": ["notifications", "eventGrid", "keySettingName"],
                "eventgridpublishretrycount": ["notifications", "eventGrid", "publishRetryCount"],
                "eventgridpublishretryinterval": ["notifications", "eventGrid", "publishRetryInterval"],
                "eventgridpublisheventtypes": ["notifications", "eventGrid", "publishEventTypes"],
            ],
            camelCaseOthers: true
        ),
        .init(
            key: "applicationInsights",
            rule: "host.application-insights",
            destination: ["logging", "applicationInsights"],
            renames: [
                "sampling": ["samplingSettings"]
            ]
        ),
    ]

    /// Root keys a 2.0 file may have (HJS well-known list plus the unchanged v1 keys).
    static let knownV2Keys: Set<String> = [
        "version", "extensions", "extensionbundle", "logging", "managedDependency", "retry", "concurrency", "customhandler",
        "functiontimeout", "functions", "aggregator", "healthmonitor", "singleton", "watchdirectories", "watchfiles",
        "manageddependency",
    ]

    /// The bundle the host itself writes for a new app (HOST ScriptConstants).
    static let bundleID = "Microsoft.Azure.Functions.ExtensionBundle"
    static let bundleVersion = "[4.*, 5.0.0)"

    /// v1 `tracing.consoleLevel` → the closest `logging.logLevel.default`.
    static let consoleLevels: [String: String] = [
        "verbose": "Trace", "info": "Information", "warning": "Warning", "error": "Error", "off": "None",
    ]

    static func rule(for key: String) -> HostJSONRules? {
        table.first { $0.key.lowercased() == key.lowercased() }
    }

    /// v1 queues.maxPollingInterval milliseconds → a TimeSpan string (`"00:00:02"`, `"00:00:00.500"`).
    static func timeSpan(milliseconds: Int) -> String {
        let ms = milliseconds % 1000
        let totalSeconds = milliseconds / 1000
        let s = totalSeconds % 60
        let m = (totalSeconds / 60) % 60
        let h = totalSeconds / 3600
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var text = "\(two(h)):\(two(m)):\(two(s))"
        if ms > 0 { text += "." + String(String(ms + 1000).dropFirst()) }
        if h >= 24 { text = "\(h / 24).\(two(h % 24)):\(two(m)):\(two(s))" + (ms > 0 ? "." + String(String(ms + 1000).dropFirst()) : "") }
        return text
    }
}
