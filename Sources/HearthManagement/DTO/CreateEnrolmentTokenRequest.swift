/// `POST /api/workers/enrolment-tokens` (the body is optional): how long the token stays valid.
package struct CreateEnrolmentTokenRequest: Codable, Sendable {
    /// Minutes, 1 to 10,080 (a week); 60 when left out.
    package var validMinutes: Int?

    package init(validMinutes: Int? = nil) { self.validMinutes = validMinutes }
}
