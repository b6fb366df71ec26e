import Foundation
import Hummingbird

extension ManagementRequestContext {
    /// A path parameter the route declares.
    func parameter(_ name: String) throws -> String {
        guard let value = parameters.get(name) else {
            throw ManagementError(.badRequest, "the path parameter '\(name)' is missing")
        }
        return value.removingPercentEncoding ?? value
    }

    /// A path parameter that must be a UUID.
    func uuidParameter(_ name: String, what: String) throws -> UUID {
        let raw = try parameter(name)
        guard let id = UUID(uuidString: raw) else {
            throw ManagementError(.badRequest, "'\(raw)' is not a \(what) id; ids look like 3F2504E0-4F89-11D3-9A0C-0305E82C3301")
        }
        return id
    }
}
