/// One T-SQL statement the SQL Server backend sends, with a name for logs and tests.
///
/// Values are never part of `sql`: it names its parameters (`@id`) and the caller passes them as
/// RPC parameters. Every statement is listed in ``SQLServerStatements/all``, so CI can check that
/// each parses as T-SQL (`hearth db statements | sqlfluff parse --dialect tsql`).
package struct SQLStatement: Sendable, Hashable {
    package var name: String
    package var sql: String

    package init(_ name: String, _ sql: String) {
        self.name = name
        self.sql = sql
    }
}
