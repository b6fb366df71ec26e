/// `GET …/keys` in the Azure Functions admin key API shape.
package struct KeyListDTO: Codable, Sendable {
    package var keys: [KeyDTO]
    package var links: [LinkDTO]
}
