package import Foundation

/// A new enrolment token: shown once, in the response that created it (the store keeps its hash).
package struct EnrolmentTokenDTO: Codable, Sendable {
    package var token: String
    package var expiresAt: Date
}
