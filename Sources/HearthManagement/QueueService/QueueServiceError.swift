import HTTPTypes
import HearthCore
import HearthStore

/// An error of the queue service endpoint as Azure reports it: a status, an error code (in the
/// body and the `x-ms-error-code` header, which SDKs map to their exceptions) and a message.
struct QueueServiceError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    /// For `AuthenticationFailed`: why (never a secret).
    var detail: String?

    static func authenticationFailed(_ failure: QueueSharedKey.Failure) -> QueueServiceError {
        QueueServiceError(
            status: .forbidden,
            code: "AuthenticationFailed",
            message:
                "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.",
            detail: failure.detail
        )
    }

    /// A refused shared access signature, with Azure's code for why.
    static func sasRefused(_ failure: QueueSASFailure) -> QueueServiceError {
        QueueServiceError(status: .forbidden, code: failure.code, message: failure.message, detail: failure.detail)
    }

    static let unknownAccount = QueueServiceError(
        status: .forbidden,
        code: "AuthenticationFailed",
        message:
            "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.",
        detail: "the account in the URL does not exist"
    )

    static let queueNotFound = QueueServiceError(status: .notFound, code: "QueueNotFound", message: "The specified queue does not exist.")
    static let messageNotFound = QueueServiceError(status: .notFound, code: "MessageNotFound", message: "The specified message does not exist.")
    static let popReceiptMismatch = QueueServiceError(
        status: .badRequest,
        code: "PopReceiptMismatch",
        message: "The specified pop receipt did not match the pop receipt for a dequeued message."
    )
    static let queueAlreadyExists = QueueServiceError(
        status: .conflict,
        code: "QueueAlreadyExists",
        message: "The specified queue already exists."
    )
    static let unsupported = QueueServiceError(
        status: .badRequest,
        code: "UnsupportedHttpVerb",
        message: "The resource doesn't support the specified HTTP verb or query."
    )

    static func invalidQueryParameter(_ name: String, _ value: String) -> QueueServiceError {
        QueueServiceError(
            status: .badRequest,
            code: "InvalidQueryParameterValue",
            message: "Value for one of the query parameters specified in the request URI is invalid: \(name)='\(value)'."
        )
    }

    static func missingQueryParameter(_ name: String) -> QueueServiceError {
        QueueServiceError(
            status: .badRequest,
            code: "MissingRequiredQueryParameter",
            message: "A query parameter that's mandatory for this request is not specified: \(name)."
        )
    }

    static let invalidXML = QueueServiceError(
        status: .badRequest,
        code: "InvalidXmlDocument",
        message: "XML specified is not syntactically valid: the body must be <QueueMessage><MessageText>…</MessageText></QueueMessage>."
    )

    /// The queue service's form of a Hearth or store error.
    static func from(_ error: any Error) -> QueueServiceError {
        switch error {
        case let error as QueueServiceError:
            return error
        case let error as HearthError where error.code == .invalidName:
            return QueueServiceError(status: .badRequest, code: "InvalidResourceName", message: error.message)
        case let error as HearthError:
            return QueueServiceError(status: .badRequest, code: "InvalidInput", message: error.message)
        case let error as StoreError where error.code == .notFound:
            return QueueServiceError(status: .notFound, code: "ResourceNotFound", message: "The specified resource does not exist.")
        case let error as StoreError where error.code == .invalidState:
            return popReceiptMismatch
        case let error as StoreError where error.code == .conflict:
            return queueAlreadyExists
        case let error as StoreError where error.code == .unavailable:
            return QueueServiceError(status: .serviceUnavailable, code: "ServerBusy", message: "The server is currently unable to receive requests.")
        default:
            return QueueServiceError(status: .internalServerError, code: "InternalError", message: "The server encountered an internal error.")
        }
    }
}
