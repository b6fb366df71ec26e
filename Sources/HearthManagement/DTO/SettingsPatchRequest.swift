/// `PUT /api/apps/{app}/settings` body: `{"NAME": {"value": "…", "secret": true}, "OTHER": "plain"}`.
/// Settings not named are kept.
struct SettingsPatchRequest: Decodable {
    var entries: [(name: String, value: SettingValueRequest)]

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        entries = []
        for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
            if let plain = try? container.decode(String.self, forKey: key) {
                entries.append((key.stringValue, SettingValueRequest(value: plain, secret: nil)))
            } else if let object = try? container.decode(SettingValueRequest.self, forKey: key) {
                entries.append((key.stringValue, object))
            } else {
                throw ManagementError(
                    .invalidJSON,
                    "setting '\(key.stringValue)' must be a string or an object {\"value\": \"…\", \"secret\": true|false}"
                )
            }
        }
    }
}
