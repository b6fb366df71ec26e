/// `{"rel": "self", "href": "…"}`.
package struct LinkDTO: Codable, Sendable {
    package var rel: String
    package var href: String
}
