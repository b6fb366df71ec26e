/// `{"rel": "self", "href": "…"}`.
struct LinkDTO: Codable, Sendable {
    var rel: String
    var href: String
}
