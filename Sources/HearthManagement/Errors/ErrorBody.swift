/// The JSON shape of every error the management API returns.
package struct ErrorBody: Codable, Sendable {
    package struct Payload: Codable, Sendable {
        package var code: String
        package var message: String
        package var details: [ErrorDetail]?
    }

    package var error: Payload
}
