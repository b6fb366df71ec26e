/// `PUT …/keys/{name}` body, Azure shape `{"name": "…", "value": "…"}`.
struct KeyRequest: Decodable {
    var name: String?
    var value: String
}
