import Foundation
import HearthManagement

/// A failed client call: the API's error message and details, printed by ``ClientCommand``.
struct ClientError: Error, CustomStringConvertible {
    var message: String
    var details: [String] = []
    var status: Int?
    /// The raw error body, printed as-is with `--output json`.
    var body: Data?

    init(message: String) {
        self.message = message
    }

    /// An error response of the API.
    init(status: Int, body: Data, server: String, hasToken: Bool) {
        self.status = status
        self.body = body
        let error = (try? ManagementClient.decoder.decode(ErrorBody.self, from: body))?.error
        var message = error?.message ?? "the server answered \(status) \(String(decoding: body.prefix(300), as: UTF8.self))"
        if status == 401 && !hasToken {
            message += " (no token found: set HEARTH_TOKEN or run 'hearth login --server \(server) --token TOKEN')"
        }
        self.message = message
        details = (error?.details ?? []).map { detail in
            "\(detail.location ?? detail.file) \(detail.path): \(detail.problem) Fix: \(detail.fix)"
        }
    }

    var description: String { message }
}
