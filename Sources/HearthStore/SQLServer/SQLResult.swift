/// What one request returned: its result sets in order, the rows each statement affected, and the
/// informational messages (PRINT, severity ≤ 10) the server sent.
package struct SQLResult: Sendable {
    package var resultSets: [[SQLRow]] = []
    /// Rows affected, summed over the request's statements (`DONE` counts).
    package var rowsAffected: Int = 0
    /// The procedure's return status (`RETURN n`), when the server sent one.
    package var returnStatus: Int?
    package var messages: [String] = []

    package init() {}

    /// The rows of the first result set.
    package var rows: [SQLRow] { resultSets.first ?? [] }
    /// The first row of the first result set.
    package var firstRow: SQLRow? { resultSets.first?.first }
}
