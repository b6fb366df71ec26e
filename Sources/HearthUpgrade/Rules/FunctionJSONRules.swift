internal import Foundation
internal import HearthCore

/// Fact sheet §3 as a table: one row per binding change, keyed by binding type (case-insensitive).
struct FunctionJSONRules {
    /// What happens to one property: renamed, or dropped (optionally with a manual step).
    struct PropertyRule {
        var from: String
        var to: String?
        var step: (severity: ManualStep.Severity, message: String, fix: String)?
    }

    /// A binding type with no 2.x+ equivalent.
    struct Removal {
        var message: String
        var fix: String
    }

    var types: Set<String>
    var rule: String
    var newType: String? = nil
    var properties: [PropertyRule] = []
    var removal: Removal? = nil
    /// Counts as v1 evidence when the binding has one of these properties (or, with `[]`, just this type).
    var evidence: [String]? = nil

    static let table: [FunctionJSONRules] = [
        .init(
            types: ["httptrigger"],
            rule: "function.webhook-type",
            properties: [
                .init(
                    from: "webHookType",
                    to: nil,
                    step: (
                        .warning,
                        "webHookType is gone; the function is now a plain HTTP trigger and no longer checks the provider's signature.",
                        "Validate the webhook signature (e.g. GitHub X-Hub-Signature-256, Slack signing secret) in the function code."
                    )
                )
            ],
            evidence: ["webHookType"]
        ),
        .init(
            types: ["eventhubtrigger", "eventhub"],
            rule: "function.event-hub-path",
            properties: [
                .init(from: "path", to: "eventHubName")
            ],
            evidence: ["path"]
        ),
        .init(
            types: ["servicebustrigger", "servicebus"],
            rule: "function.service-bus-access-rights",
            properties: [
                .init(from: "accessRights", to: nil)
            ],
            evidence: ["accessRights"]
        ),
        .init(types: ["documentdb"], rule: "function.document-db", newType: "cosmosDB", properties: cosmosRenames, evidence: []),
        .init(types: ["cosmosdb"], rule: "function.document-db", properties: cosmosRenames),
        .init(
            types: ["cosmosdbtrigger"],
            rule: "function.cosmos-db-trigger",
            properties: [
                .init(from: "connectionStringSetting", to: "connection"),
                .init(from: "collectionName", to: "containerName"),
                .init(from: "leaseCollectionName", to: "leaseContainerName"),
                .init(from: "leaseConnectionStringSetting", to: "leaseConnection"),
                .init(from: "createLeaseCollectionIfNotExists", to: "createLeaseContainerIfNotExists"),
                .init(from: "leaseCollectionPrefix", to: "leaseContainerPrefix"),
            ],
            evidence: ["collectionName", "connectionStringSetting"]
        ),
        .init(
            types: ["twiliosms"],
            rule: "function.twilio",
            properties: [
                .init(from: "accountSid", to: "accountSidSetting"),
                .init(from: "authToken", to: "authTokenSetting"),
                .init(
                    from: "to",
                    to: nil,
                    step: (
                        .warning,
                        "twilioSms no longer takes \"to\" in function.json.",
                        "Set the recipient on the message in code (e.g. `{ to: \"+1…\", body: … }`)."
                    )
                ),
            ],
            evidence: ["accountSid", "authToken"]
        ),
        .init(
            types: ["mobiletable", "notificationhub"],
            rule: "function.removed-binding",
            removal: .init(
                message: "has no binding in 2.x or later (Mobile Apps / Notification Hubs were 1.x only).",
                fix: "Remove the binding and call the service's SDK from code."
            ),
            evidence: []
        ),
        .init(
            types: ["apihubfile", "apihubfiletrigger", "apihubtable"],
            rule: "function.api-hub",
            removal: .init(
                message: "(External File/Table, v1 preview) does not exist in 2.x or later.",
                fix: "Remove the binding; use Blob storage or the target service's SDK (or a Logic App connector)."
            ),
            evidence: []
        ),
    ]

    static let cosmosRenames: [PropertyRule] = [
        .init(from: "connectionStringSetting", to: "connection"),
        .init(from: "collectionName", to: "containerName"),
        .init(from: "collectionThroughput", to: "containerThroughput"),
    ]

    /// Binding types that need no extension.
    static let builtInTypes: Set<String> = ["httptrigger", "http", "timertrigger", "manualtrigger"]

    static func rules(for type: String) -> [FunctionJSONRules] {
        table.filter { $0.types.contains(type.lowercased()) }
    }

    /// Why a binding marks the app as v1, or `nil`.
    static func v1Evidence(_ binding: JSONValue) -> String? {
        guard let type = binding["type"]?.stringValue else { return nil }
        for rule in rules(for: type) {
            guard let evidence = rule.evidence else { continue }
            if evidence.isEmpty { return "binding type \"\(type)\" (1.x only)" }
            if let property = evidence.first(where: { binding.actualKey($0) != nil }) {
                return "\(type) binding has the v1 property \"\(property)\""
            }
        }
        return nil
    }
}
