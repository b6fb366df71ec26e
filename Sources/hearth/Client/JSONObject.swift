import Foundation

/// A decoded JSON object with typed accessors, for printing API responses as text.
struct JSONObject {
    let values: [String: Any]

    init(_ values: [String: Any]) { self.values = values }

    init(data: Data) {
        values = ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any]) ?? [:]
    }

    func string(_ key: String) -> String? { values[key] as? String }
    func bool(_ key: String) -> Bool? { values[key] as? Bool }
    func number(_ key: String) -> Double? { (values[key] as? NSNumber)?.doubleValue }
    func strings(_ key: String) -> [String] { values[key] as? [String] ?? [] }
    func object(_ key: String) -> JSONObject? { (values[key] as? [String: Any]).map(JSONObject.init) }
    func objects(_ key: String) -> [JSONObject] { (values[key] as? [[String: Any]] ?? []).map(JSONObject.init) }
    /// `"-"` for missing or null values.
    func text(_ key: String) -> String {
        switch values[key] {
        case let value as String: value
        case let value as NSNumber: value.stringValue
        case is NSNull, nil: "-"
        case let value?: "\(value)"
        }
    }
}
