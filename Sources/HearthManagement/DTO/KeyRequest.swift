/// `PUT …/keys/{name}` body, Azure shape `{"name": "…", "value": "…"}`.
package struct KeyRequest: Codable, Sendable {
    package var name: String?
    package var value: String

    package init(name: String?, value: String) {
        self.name = name
        self.value = value
    }
}
