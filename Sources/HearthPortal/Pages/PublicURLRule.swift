import Foundation
import HearthManagement

/// The public URLs an admin sets (portal, function host, Kudu): absolute `http`/`https` URLs with
/// a host, without query or fragment. A Kudu URL may hold `{app}` (the host-name form).
enum PublicURLRule {
    /// The URL trimmed, `nil` when blank; 400 naming `field` when it is not such a URL.
    static func validate(_ value: String?, field: String, allowAppPlaceholder: Bool = false) throws -> String? {
        guard var url = value?.trimmingCharacters(in: .whitespaces), !url.isEmpty else { return nil }
        while url.hasSuffix("/") { url.removeLast() }
        let probe = allowAppPlaceholder ? url.replacingOccurrences(of: "{app}", with: "app") : url
        guard let components = URLComponents(string: probe),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty,
            components.query == nil, components.fragment == nil, components.user == nil
        else {
            throw ManagementError(
                .badRequest,
                "the \(field) must be an absolute http:// or https:// URL with a host, like https://portal.example.com"
            )
        }
        return url
    }
}
