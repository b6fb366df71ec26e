import Foundation

/// The parts of a queue service request that Azure's Shared Key scheme signs: the method, the
/// path and query exactly as sent, and the headers. No I/O; built from a Hummingbird request by
/// the endpoint and directly by tests.
struct QueueSignedRequest: Sendable {
    var method: String
    /// The path as sent, percent-encoded (`/account/queue/messages`).
    var path: String
    /// The query as sent, without `?` (`""` when there is none).
    var query: String
    /// The headers, names in any case; a name may appear more than once.
    var headers: [(name: String, value: String)]

    /// The first value of the header `name` (compared without case), or `nil`.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name }?.value
    }

    /// The query's parameters, names lower-cased and values percent-decoded, in order of appearance.
    var queryParameters: [(name: String, value: String)] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            return (name.lowercased(), value)
        }
    }

    /// The value of the query parameter `name` (lower case), or `nil`.
    func queryParameter(_ name: String) -> String? {
        queryParameters.first { $0.name == name }?.value
    }
}
