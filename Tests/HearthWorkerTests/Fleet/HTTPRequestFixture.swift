import HTTPTypes

/// A client's request as the front receives it, with headers a forwarder must replace or keep.
enum HTTPRequestFixture {
    static var request: HTTPRequest {
        var fields = HTTPFields()
        fields[HTTPField.Name("X-Forwarded-For")!] = "198.51.100.1"
        fields[HTTPField.Name("X-Forwarded-Host")!] = "evil.example"
        fields[HTTPField.Name("X-Hearth-Forwarded")!] = "forged"
        fields[HTTPField.Name("x-functions-key")!] = "k"
        fields[.connection] = "keep-alive"
        fields[.contentLength] = "99"
        return HTTPRequest(method: .post, scheme: "http", authority: "app.localhost:7071", path: "/api/x?a=1", headerFields: fields)
    }
}
