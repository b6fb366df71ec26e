public import HTTPTypes
import HearthCore

/// The head of an answer relayed from a function's reply, given as its parts: the status, the
/// reply's fields as the handler gave them, and the fields the front sets itself. One rule says
/// which fields a caller gets (``forEachField(_:)``); two writers follow it:
/// ``HTTP1ResponseEncoder/head(_:allocator:)-(HTTP1AnswerHead,_)`` writes the fields straight
/// into the answer's bytes (the front's fast path, through its connection's ``HTTP1ServerCodec``),
/// ``headerFields`` makes `HTTPFields` of them (Hummingbird's general path, which writes an
/// `HTTPResponse`). Both give a caller the same fields, in the same order, with the same values.
///
/// The rule, in the reply's order:
/// - A field whose name HTTPTypes refuses (`HTTPField.Name(_:)`: empty, or not an RFC 9110 token:
///   spaces, `:`, non-ASCII) or that `isDropped` names (hop-by-hop headers) is dropped.
/// - With `date` set, the reply's first `Date` field (any case) becomes `Date: <date>` where it
///   was, and later ones are dropped; the same for `server` and `Server` (what setting each with
///   `fields[.date] = date` on `HTTPFields` gives).
/// - Then `Content-Length` (when `contentLength` is set), `Date` and `Server` (when set and the
///   reply had none), and `Connection: close` (when `close`) are appended, in that order.
///
/// A value goes as `HTTPField(name:value:)` keeps it (``HTTP1ResponseEncoder`` does the same to
/// the bytes): one with leading or trailing spaces or tabs, or with control characters (CR, LF,
/// NUL, DEL, …), loses the leading and trailing ones and has the others turned into spaces.
public struct HTTP1AnswerHead: Sendable {
    /// The status code (0...999, what `HTTPResponse.Status(code:)` accepts).
    public var status: Int
    /// The reply's fields, as the handler gave them.
    public var fields: [(name: String, value: String)]
    /// Names (any case) never relayed.
    public var isDropped: @Sendable (String) -> Bool
    /// The body's length, when the answer has a `Content-Length` (the reply's own is dropped by
    /// `isDropped` when the caller relays hop by hop).
    public var contentLength: Int?
    /// The `Date` the caller gets in place of the reply's own, `nil`: the reply's.
    public var date: String?
    /// The `Server` the caller gets in place of the reply's own, `nil`: the reply's.
    public var server: String?
    /// Whether `Connection: close` is appended.
    public var close: Bool

    public init(
        status: Int,
        fields: [(name: String, value: String)],
        isDropped: @escaping @Sendable (String) -> Bool,
        contentLength: Int? = nil,
        date: String? = nil,
        server: String? = nil,
        close: Bool = false
    ) {
        self.status = status
        self.fields = fields
        self.isDropped = isDropped
        self.contentLength = contentLength
        self.date = date
        self.server = server
        self.close = close
    }

    /// Calls `body` with each field a caller gets, in order: names as they will be written (valid
    /// tokens), values as given (not yet made valid; see the type's summary).
    public func forEachField(_ body: (_ name: String, _ value: String) throws -> Void) rethrows {
        var dateSet = false
        var serverSet = false
        for (name, value) in fields {
            guard Self.isToken(name), !isDropped(name) else { continue }
            if let date, name.equalsIgnoringASCIICase("date") {
                if !dateSet { try body("Date", date) }
                dateSet = true
            } else if let server, name.equalsIgnoringASCIICase("server") {
                if !serverSet { try body("Server", server) }
                serverSet = true
            } else {
                try body(name, value)
            }
        }
        // Content-Length and Connection are hop-by-hop: the reply's own were dropped above.
        if let contentLength { try body("Content-Length", String(contentLength)) }
        if let date, !dateSet { try body("Date", date) }
        if let server, !serverSet { try body("Server", server) }
        if close { try body("Connection", "close") }
    }

    /// The fields a caller gets, as `HTTPFields` (for an `HTTPResponse`).
    public var headerFields: HTTPFields {
        var headers = HTTPFields()
        headers.reserveCapacity(fields.count + 4)
        forEachField { name, value in
            // Every name given is a token: HTTPField.Name accepts it.
            if let name = HTTPField.Name(name) { headers.append(HTTPField(name: name, value: value)) }
        }
        return headers
    }

    /// Whether `name` is a field name HTTPTypes accepts (`HTTPField.Name(_:)`): an RFC 9110 token,
    /// https://www.rfc-editor.org/rfc/rfc9110.html#name-tokens
    static func isToken(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { bytes in !bytes.isEmpty && bytes.allSatisfy(isHTTPTokenByte) }
    }

}
