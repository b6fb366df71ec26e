/// `GET /api/apps/{app}/invocations`, newest first.
package struct InvocationListDTO: Codable, Sendable {
    package var invocations: [InvocationDTO]
}
