import Foundation

/// How text output shows the API's values: as its JSON writes them (ISO 8601 dates, upper-case
/// UUIDs), and `-` for a value that is missing or null.
enum APIText {
    static func of(_ value: String?) -> String { value ?? "-" }
    static func of(_ value: UUID?) -> String { value?.uuidString ?? "-" }
    static func of(_ value: Date?) -> String { value?.formatted(.iso8601) ?? "-" }
}
