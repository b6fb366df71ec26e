/// The JSON shape of every error the management API returns.
struct ErrorBody: Encodable {
    struct Payload: Encodable {
        var code: String
        var message: String
        var details: [ErrorDetail]?
    }

    var error: Payload
}
