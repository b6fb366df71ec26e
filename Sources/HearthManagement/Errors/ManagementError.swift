public import HTTPTypes
public import Hummingbird

/// An error the management API returns to its caller as JSON:
/// `{"error":{"code":"…","message":"…","details":[…]}}` with the matching HTTP status.
///
/// The message is a sentence for a person naming the bad input and the fix; it never holds secret
/// values or tokens. Other errors reach the caller through ``ManagementErrorConvertible``.
public struct ManagementError: Error, Sendable, CustomStringConvertible {
    /// The machine-readable kind of error. New codes may be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Wrapped: Sendable, Hashable {
            case badRequest, invalidJSON, invalidName, invalidArchive, zipBomb, validationFailed
            case unauthorized, forbidden, notFound, conflict, payloadTooLarge, internalError
        }

        private let wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }

        /// The request is wrong in some other way (400).
        public static let badRequest = Code(.badRequest)
        /// The body is not the JSON the route expects (400).
        public static let invalidJSON = Code(.invalidJSON)
        /// A tenant, app, key or setting name breaks the naming rules (400).
        public static let invalidName = Code(.invalidName)
        /// The uploaded package is not a safe zip (400).
        public static let invalidArchive = Code(.invalidArchive)
        /// The package is a zip whose entries inflate to other than they declare, or far beyond their
        /// packed size: a zip bomb (422).
        public static let zipBomb = Code(.zipBomb)
        /// The function app in the package does not load (422); `details` lists every problem.
        public static let validationFailed = Code(.validationFailed)
        /// No token, or a token the instance does not know (401).
        public static let unauthorized = Code(.unauthorized)
        /// The token's role does not allow the call (403).
        public static let forbidden = Code(.forbidden)
        /// The named tenant, app, function, key, deployment or invocation does not exist (404).
        public static let notFound = Code(.notFound)
        /// The name is taken or the change does not fit the current state (409).
        public static let conflict = Code(.conflict)
        /// The upload is larger than the instance accepts (413).
        public static let payloadTooLarge = Code(.payloadTooLarge)
        /// Something failed inside Hearth (500); the server log has the cause.
        public static let internalError = Code(.internalError)

        /// The code as it appears in JSON, e.g. `validation_failed`.
        public var description: String {
            switch wrapped {
            case .badRequest: "bad_request"
            case .invalidJSON: "invalid_json"
            case .invalidName: "invalid_name"
            case .invalidArchive: "invalid_archive"
            case .zipBomb: "zip_bomb"
            case .validationFailed: "validation_failed"
            case .unauthorized: "unauthorized"
            case .forbidden: "forbidden"
            case .notFound: "not_found"
            case .conflict: "conflict"
            case .payloadTooLarge: "payload_too_large"
            case .internalError: "internal_error"
            }
        }

        /// The HTTP status that goes with the code.
        public var status: HTTPResponse.Status {
            switch wrapped {
            case .badRequest, .invalidJSON, .invalidName, .invalidArchive: .badRequest
            case .validationFailed, .zipBomb: .unprocessableContent
            case .unauthorized: .unauthorized
            case .forbidden: .forbidden
            case .notFound: .notFound
            case .conflict: .conflict
            case .payloadTooLarge: .contentTooLarge
            case .internalError: .internalServerError
            }
        }
    }

    /// What kind of error this is.
    public var code: Code
    /// A sentence naming the bad input and the fix.
    public var message: String
    /// One entry per problem, for app validation failures.
    public var details: [ErrorDetail]

    /// Creates an error.
    /// - Parameters:
    ///   - code: The kind of error; it decides the HTTP status.
    ///   - message: What is wrong and what to do, without secrets.
    ///   - details: Problems in files of an uploaded app.
    public init(_ code: Code, _ message: String, details: [ErrorDetail] = []) {
        self.code = code
        self.message = message
        self.details = details
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}

extension ManagementError: HTTPResponseError {
    /// The HTTP status of ``code``.
    public var status: HTTPResponse.Status { code.status }

    /// The JSON error body.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = ErrorBody(error: .init(code: code.description, message: message, details: details.isEmpty ? nil : details))
        var response = try JSONResponse.make(body, status: status)
        if code == .unauthorized {
            response.headers[.wwwAuthenticate] = #"Bearer realm="hearth""#
        }
        return response
    }
}
