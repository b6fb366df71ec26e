import Foundation

/// HTTP dates in RFC 1123 form (`Sun, 06 Dec 2026 14:16:36 GMT`), as the queue service's
/// `x-ms-date`, `Date`, `x-ms-time-next-visible` headers and its XML bodies carry them.
enum QueueHTTPDate {
    /// `date` in RFC 1123 form, in GMT.
    static func format(_ date: Date) -> String {
        formatter().string(from: date)
    }

    /// The date in `text`, or `nil` when it is not an RFC 1123 date.
    static func parse(_ text: String) -> Date? {
        formatter().date(from: text.trimmingCharacters(in: .whitespaces))
    }

    private static func formatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }
}
