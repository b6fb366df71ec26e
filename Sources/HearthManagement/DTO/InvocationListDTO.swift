/// `GET /api/apps/{app}/invocations`, newest first.
struct InvocationListDTO: Codable, Sendable {
    var invocations: [InvocationDTO]
}
