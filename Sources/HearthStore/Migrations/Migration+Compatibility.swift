import Foundation

extension Migration {
    /// Statements that are not expand-only, each named with what it does (`DROP (removes)`): what
    /// a migration marked `expand` must not hold. Found by keyword outside comments and strings, in
    /// both dialects; a guard against a wrong marker, not a proof (the reviewer still reads the SQL).
    ///
    /// Not expand-only: `DROP …`, `TRUNCATE`, `RENAME` (SQLite `ALTER TABLE … RENAME`), `sp_rename`,
    /// `ALTER COLUMN` (a type or nullability change), and `ALTER TABLE … ADD` of a `NOT NULL`
    /// column without a `DEFAULT` (older binaries' inserts would fail).
    public var contractStatements: [String] {
        let code = TSQLScanner.code(of: script).uppercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        var found: [String] = []
        let words: [(String, String)] = [
            ("DROP", "removes"), ("TRUNCATE", "removes rows"), ("RENAME", "renames"), ("SP_RENAME", "renames"),
            ("ALTER COLUMN", "changes a column"),
        ]
        for (word, effect) in words where Self.containsWord(word, in: code) {
            found.append("\(word) (\(effect))")
        }
        for statement in code.split(separator: ";") {
            for added in Self.alterTableClauses(of: String(statement)) where added.contains(" ADD ") {
                let clause = added.replacingOccurrences(of: "IS NOT NULL", with: "")
                if clause.contains("NOT NULL") && !clause.contains("DEFAULT") {
                    found.append("ADD … NOT NULL without DEFAULT (older binaries' inserts fail)")
                }
            }
        }
        return found
    }

    /// Throws unless the file starts with a compatibility marker this binary knows, and an `expand`
    /// marker is not contradicted by ``contractStatements``.
    public func requireCompatibilityMarker() throws {
        let kinds = MigrationCompatibility.known.map { "'\(MigrationCompatibility.markerPrefix)\($0)'" }.joined(separator: " or ")
        guard let compatibility else {
            throw StoreError(.migration, "migration file '\(fileName)' must start with a compatibility marker line: \(kinds)")
        }
        guard MigrationCompatibility.known.contains(compatibility) else {
            throw StoreError(.migration, "migration file '\(fileName)' is marked '\(compatibility)', which this hearth does not know; use \(kinds)")
        }
        let statements = contractStatements
        if compatibility == .expand && !statements.isEmpty {
            throw StoreError(
                .migration,
                "migration file '\(fileName)' is marked expand but is not expand-only: \(statements.joined(separator: ", ")); "
                    + "mark it '\(MigrationCompatibility.markerPrefix)\(MigrationCompatibility.contract)' or split it"
            )
        }
    }

    /// `word` as a whole word (not part of an identifier such as `dropped_at`) in upper-cased code.
    static func containsWord(_ word: String, in code: String) -> Bool {
        var searchStart = code.startIndex
        while let range = code.range(of: word, range: searchStart..<code.endIndex) {
            let before = range.lowerBound == code.startIndex ? nil : code[code.index(before: range.lowerBound)]
            let after = range.upperBound == code.endIndex ? nil : code[range.upperBound]
            if !isIdentifierCharacter(before) && !isIdentifierCharacter(after) { return true }
            searchStart = range.upperBound
        }
        return false
    }

    private static func isIdentifierCharacter(_ c: Character?) -> Bool {
        guard let c else { return false }
        return c.isLetter || c.isNumber || c == "_" || c == "@" || c == "#" || c == "$"
    }

    /// The pieces of a statement that start at each `ALTER TABLE` (a T-SQL batch may hold several
    /// statements without semicolons).
    private static func alterTableClauses(of statement: String) -> [String] {
        statement.components(separatedBy: "ALTER TABLE ").dropFirst().map { "ALTER TABLE " + $0 }
    }
}
