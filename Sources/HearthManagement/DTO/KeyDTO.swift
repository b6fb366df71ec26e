/// One key in the Azure Functions admin key API shape. `value` is `null` when masked.
package struct KeyDTO: Codable, Sendable {
    package var name: String
    package var value: String?
    package var links: [LinkDTO]?

    enum CodingKeys: String, CodingKey { case name, value, links }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(value, forKey: .value)
        try container.encodeIfPresent(links, forKey: .links)
    }
}
