import Foundation

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
        let error = JSONObject(data: body).object("error")
        var message = error?.string("message") ?? "the server answered \(status) \(String(decoding: body.prefix(300), as: UTF8.self))"
        if status == 401 && !hasToken {
            message += " (no token found: set HEARTH_TOKEN or run 'hearth login --server \(server) --token TOKEN')"
        }
        self.message = message
        details = (error?.objects("details") ?? []).map { detail in
            "\(detail.text("file")) \(detail.text("path")): \(detail.text("problem")) Fix: \(detail.text("fix"))"
        }
    }

    var description: String { message }
}
