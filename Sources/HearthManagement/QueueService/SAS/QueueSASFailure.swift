/// Why a request carrying a shared access signature was refused. Each is a 403 with the error
/// code Azure uses for it: a SAS that does not authenticate (bad signature, outside its time
/// window, malformed) is `AuthenticationFailed`; one that authenticates but does not cover the
/// request is one of the `Authorization…Mismatch` codes.
enum QueueSASFailure: Error, Equatable, Sendable {
    /// A required parameter (`sv`, `sp`, `se`, `sig`, or `ss`/`srt` of an account SAS) is missing.
    case missingParameter(String)
    /// A parameter's value is not one Azure accepts (a time, an IP range, a protocol).
    case malformedParameter(String)
    /// `sv` names a version whose string to sign Hearth does not know (before 2012-02-12, or an
    /// account SAS before 2015-04-05).
    case unsupportedVersion(String)
    /// `si` names a stored access policy; Hearth's queues have none.
    case storedPolicyNotFound
    /// A queue SAS used for a request on no queue (List Queues).
    case noQueueInPath
    /// The signature matches neither account key.
    case signatureMismatch
    /// `se` is past, or `st` is ahead of the server's time by more than the allowed skew.
    case outsideTimeWindow
    /// An account SAS whose `ss` does not include the queue service (`q`).
    case serviceMismatch
    /// An account SAS whose `srt` lacks the resource type of the operation.
    case resourceTypeMismatch
    /// The SAS lacks the permission the operation needs.
    case permissionMismatch
    /// `spr=https` on a request that came over plain HTTP.
    case protocolMismatch
    /// The client's address is outside `sip`.
    case sourceIPMismatch(String)

    /// The `x-ms-error-code` Azure answers with.
    var code: String {
        switch self {
        case .serviceMismatch: "AuthorizationServiceMismatch"
        case .resourceTypeMismatch: "AuthorizationResourceTypeMismatch"
        case .permissionMismatch: "AuthorizationPermissionMismatch"
        case .protocolMismatch: "AuthorizationProtocolMismatch"
        case .sourceIPMismatch: "AuthorizationSourceIPMismatch"
        default: "AuthenticationFailed"
        }
    }

    /// The `<Message>` Azure answers with.
    var message: String {
        switch self {
        case .serviceMismatch: "This request is not authorized to perform this operation using this service."
        case .resourceTypeMismatch: "This request is not authorized to perform this operation using this resource type."
        case .permissionMismatch: "This request is not authorized to perform this operation using this permission."
        case .protocolMismatch: "This request is not authorized to perform this operation using this protocol."
        case .sourceIPMismatch(let address): "This request is not authorized to perform this operation using this source IP \(address)."
        default:
            "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature."
        }
    }

    /// For `AuthenticationFailed`: the `AuthenticationErrorDetail` (never the signature or a key).
    var detail: String? {
        switch self {
        case .missingParameter(let name): "the shared access signature has no '\(name)' parameter"
        case .malformedParameter(let name): "the shared access signature's '\(name)' parameter is not valid"
        case .unsupportedVersion(let version): "the signed version '\(version)' is not supported for this kind of signature"
        case .storedPolicyNotFound: "the signed identifier names no stored access policy"
        case .noQueueInPath: "a queue shared access signature cannot authorize a request on the account"
        case .signatureMismatch: "Signature did not match."
        case .outsideTimeWindow: "Signature not valid in the specified time frame."
        default: nil
        }
    }
}
