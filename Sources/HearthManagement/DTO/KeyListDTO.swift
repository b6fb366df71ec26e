/// `GET …/keys` in the Azure Functions admin key API shape.
struct KeyListDTO: Codable, Sendable {
    var keys: [KeyDTO]
    var links: [LinkDTO]
}
