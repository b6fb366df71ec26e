import Foundation

/// One batch of a T-SQL script: the text between `GO` separators, and where it starts.
public struct TSQLBatch: Sendable, Hashable {
    public var text: String
    /// 1-based line of the script where the batch starts (for error messages).
    public var line: Int
    /// `GO 3` runs the batch three times.
    public var repeatCount: Int

    public init(text: String, line: Int, repeatCount: Int = 1) {
        self.text = text
        self.line = line
        self.repeatCount = repeatCount
    }

    /// Statements SQL Server will not run inside a user transaction
    /// (https://learn.microsoft.com/sql/t-sql/language-elements/transactions-transact-sql), found by
    /// keyword outside comments and strings. A migration holding one runs without a transaction.
    public var nonTransactionalStatements: [String] {
        let code = TSQLScanner.code(of: text).uppercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let patterns = [
            "CREATE DATABASE", "ALTER DATABASE", "DROP DATABASE", "BACKUP ", "RESTORE ", "RECONFIGURE",
            "CREATE FULLTEXT", "ALTER FULLTEXT", "DROP FULLTEXT", "KILL ", "ALTER SERVER", "CREATE ENDPOINT",
        ]
        return patterns.filter { code.hasPrefix($0) || code.contains(" " + $0) || code.contains(";" + $0) }
            .map { $0.trimmingCharacters(in: .whitespaces) }
    }
}

extension TSQLBatch {
    /// Splits a script at lines holding only `GO` (any case, optionally a count and a `--`
    /// comment), the way sqlcmd and SSMS do; `GO` inside a comment or string does not count.
    /// Batches with nothing but whitespace and comments are dropped.
    public static func split(_ script: String) -> [TSQLBatch] {
        var batches: [TSQLBatch] = []
        var current: [Substring] = []
        var start = 1
        var scanner = TSQLScanner()
        let lines = script.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            if scanner.isAtCode, let count = goCount(line) {
                append(current, start, count, to: &batches)
                current = []
                start = index + 2
                continue
            }
            scanner.scan(line + "\n")
            current.append(line)
        }
        append(current, start, 1, to: &batches)
        return batches
    }

    private static func append(_ lines: [Substring], _ start: Int, _ count: Int, to batches: inout [TSQLBatch]) {
        let text = lines.joined(separator: "\n")
        guard !TSQLScanner.code(of: text).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        batches.append(TSQLBatch(text: text, line: start, repeatCount: count))
    }

    /// The count of a `GO` line, or `nil` when the line is not a separator.
    static func goCount(_ line: Substring) -> Int? {
        var text = line.trimmingCharacters(in: .whitespaces)
        if let comment = text.range(of: "--") { text = String(text[..<comment.lowerBound]).trimmingCharacters(in: .whitespaces) }
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        guard let first = words.first, first.uppercased() == "GO", words.count <= 2 else { return nil }
        if words.count == 2 { return Int(words[1]).flatMap { $0 > 0 ? $0 : nil } }
        return 1
    }
}
