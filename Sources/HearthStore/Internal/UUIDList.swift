import Foundation

/// Many ids as one statement argument: a JSON array of their strings, which SQLite opens with
/// `json_each(?)` and SQL Server with `OPENJSON(@…)`. One text parameter, so a list of any length
/// stays one query and far below SQL Server's 2,100 parameters per request.
enum UUIDList {
    /// `["…","…"]`; `UUID.uuidString` is upper-case hex and dashes, nothing JSON must escape.
    static func json(_ ids: [UUID]) -> String {
        "[" + ids.map { "\"\($0.uuidString)\"" }.joined(separator: ",") + "]"
    }
}
