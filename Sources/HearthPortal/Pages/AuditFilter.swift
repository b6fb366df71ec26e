import Foundation
import HearthCore
import HearthManagement

/// The audit page's filters as the query string gives them: `since` and `until` (a date, or a
/// date and time as `<input type="datetime-local">` sends it, in UTC), `actor` (a login or an
/// id) and, for admins, `tenant`.
struct AuditFilter {
    var since: Date?
    var until: Date?
    var actor: String?
    var tenant: String?

    init(since: String?, until: String?, actor: String?, tenant: String?) throws {
        self.since = try Self.date(since, field: "from")
        self.until = try Self.date(until, field: "to")
        self.actor = Self.blankToNil(actor)
        self.tenant = Self.blankToNil(tenant)
    }

    private static func blankToNil(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return text
    }

    /// Parses `2026-12-06`, `2026-12-06T10:30` or `2026-12-06T10:30:15` as UTC; 400 otherwise.
    static func date(_ text: String?, field: String) throws -> Date? {
        guard let text = blankToNil(text) else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        throw ManagementError(.badRequest, "the '\(field)' time must look like 2026-12-06 or 2026-12-06T10:30 (UTC)")
    }
}
