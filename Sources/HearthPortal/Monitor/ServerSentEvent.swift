import Foundation

/// One message of a `text/event-stream` (the HTML Server-Sent Events format).
struct ServerSentEvent: Equatable {
    var event: String?
    var id: String?
    var data: String

    /// The message as sent: `event:`/`id:` lines, one `data:` line per line of `data`, then a blank line.
    var text: String {
        var text = ""
        if let event { text += "event: \(event)\n" }
        if let id { text += "id: \(id)\n" }
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) {
            text += "data: \(line.replacingOccurrences(of: "\r", with: ""))\n"
        }
        return text + "\n"
    }

    /// A comment line: ignored by the browser, it keeps proxies from closing an idle stream.
    static func comment(_ text: String) -> String { ": \(text)\n\n" }
}
