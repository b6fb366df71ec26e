/// What one request returned: its result sets in order, the rows each statement affected, and the
/// informational messages (PRINT, severity ≤ 10) the server sent.
public struct SQLResult: Sendable {
    public var resultSets: [[SQLRow]] = []
    /// Rows affected, summed over the request's statements (`DONE` counts).
    public var rowsAffected: Int = 0
    /// The procedure's return status (`RETURN n`), when the server sent one.
    public var returnStatus: Int?
    public var messages: [String] = []

    public init() {}

    /// The rows of the first result set.
    public var rows: [SQLRow] { resultSets.first ?? [] }
    /// The first row of the first result set.
    public var firstRow: SQLRow? { resultSets.first?.first }
}
