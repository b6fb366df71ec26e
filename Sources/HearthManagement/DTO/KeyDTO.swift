/// One key in the Azure Functions admin key API shape. `value` is `null` when masked.
struct KeyDTO: Codable, Sendable {
    var name: String
    var value: String?
    var links: [LinkDTO]?

    enum CodingKeys: String, CodingKey { case name, value, links }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(value, forKey: .value)
        try container.encodeIfPresent(links, forKey: .links)
    }
}
